import { type Type } from '@nestjs/common';
import { ArgsType, Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string | null;
}

@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** A keyset position: the sort value and the id that breaks ties. */
export interface Keyset {
  at: Date;
  id: string;
}

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at.toISOString(), keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    const year = date.getUTCFullYear();
    // Ids are UUIDs and times fall in years Postgres stores: anything else was not made by us.
    if (typeof id !== 'string' || !UUID.test(id) || Number.isNaN(date.getTime()) || year < 1 || year > 9999) throw new Error('shape');
    return { at: date, id };
  } catch {
    throw badUserInput(`Cursor "${cursor}" is not valid: pass the endCursor of a previous page`);
  }
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/** Cuts a `first + 1` row fetch into a page and says whether more follow. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

export function toConnection<T>(page: Page<T>, keyset: (node: T) => Keyset): ConnectionShape<T> {
  const edges = page.nodes.map((node) => ({ cursor: encodeCursor(keyset(node)), node }));
  return {
    edges,
    nodes: page.nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/** Relay-style connection type for a node type: edges { cursor node }, nodes, pageInfo. */
export function Connection<T>(node: Type<T>, name = node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

/**
 * Keyset pagination on (created_at, id), oldest first: filters and limits in
 * SQL and fetches one extra row to learn whether another page follows.
 * Needs an index on (created_at, id), and created_at kept at millisecond
 * precision (a cursor carries a JavaScript Date; microseconds would be lost
 * and the last row of a page would come again).
 */
export async function paginateByCreation<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  first: number,
  after?: string | null,
): Promise<Page<T>> {
  const alias = query.alias;
  query.orderBy(`${alias}.created_at`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').limit(first + 1);
  if (after) {
    const { at, id } = decodeCursor(after);
    query.andWhere(`(${alias}.created_at, ${alias}.id) > (:afterAt, :afterId)`, { afterAt: at, afterId: id });
  }
  return toPage(await query.getMany(), first);
}
