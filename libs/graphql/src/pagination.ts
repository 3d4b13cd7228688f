import { type Type } from '@nestjs/common';
import { ArgsType, Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { IntRange, isUuid } from './argument-rules';
import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;

/** The rule of an Int page size argument outside PageArgs (1 to MAX_PAGE_SIZE): `@Args('first', { type: () => Int, defaultValue: 20 }, PAGE_SIZE)`. */
export const PAGE_SIZE = new IntRange(1, MAX_PAGE_SIZE);

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
    if (!isUuid(id) || Number.isNaN(date.getTime()) || year < 1 || year > 9999) throw new Error('shape');
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
  return lazyConnection(page, (node) => encodeCursor(keyset(node)));
}

/**
 * A connection whose cursors are encoded only when asked for: a list that
 * selects `nodes` alone (most UI lists) never pays for them.
 */
function lazyConnection<T>(page: Page<T>, cursorOf: (node: T) => string): ConnectionShape<T> {
  let edges: { cursor: string; node: T }[] | undefined;
  const last = page.nodes[page.nodes.length - 1];
  return {
    get edges() {
      return (edges ??= page.nodes.map((node) => ({ cursor: cursorOf(node), node })));
    },
    nodes: page.nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      get endCursor() {
        return last === undefined ? null : edges ? edges[edges.length - 1].cursor : cursorOf(last);
      },
    },
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
export async function paginateByCreation<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, first: number, after?: string | null): Promise<Page<T>> {
  const alias = query.alias;
  query
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(first + 1);
  if (after) {
    const { at, id } = decodeCursor(after);
    query.andWhere(`(${alias}.created_at, ${alias}.id) > (:afterAt, :afterId)`, { afterAt: at, afterId: id });
  }
  return toPage(await query.getMany(), first);
}

/**
 * A sort order for keyset pagination: a SQL expression over the query's
 * alias (trusted: never user text), its type, a direction, and a tag that
 * ties a cursor to the order that made it. Ties are broken by `id`.
 */
export interface SortOrder {
  tag: string;
  /** e.g. `c.created_at`, `lower(c.name)`; must match an index together with the id. */
  expression: string;
  type: 'timestamptz' | 'date' | 'text' | 'bigint' | 'int' | 'numeric';
  direction: 'ASC' | 'DESC';
}

/** A cursor of a sorted list: the order's tag, the row's sort value and its id. */
export function encodeSortCursor(sort: SortOrder, value: string | number | Date, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sort.tag, v, id])).toString('base64url');
}

/**
 * A time as cursors carry it (YYYY-MM-DD, or that with THH:MM:SS[.fraction]Z) naming a real
 * instant: Date's lenient parser takes "0" or "2026-02-30", which the SQL cast then refuses.
 */
function isCursorTime(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z)?$/.exec(value);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

export function decodeSortCursor(sort: SortOrder, cursor: string): { value: string | number; id: string } {
  try {
    const [tag, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag !== sort.tag || !isUuid(id)) throw new Error('shape');
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('shape');
    if (sort.type === 'timestamptz' || sort.type === 'date') {
      if (!isCursorTime(String(value))) throw new Error('shape');
    } else if (sort.type === 'bigint' || sort.type === 'int') {
      // Anything the column type cannot hold would fail the cast in SQL, not as a refused cursor.
      if (!/^-?\d{1,19}$/.test(String(value))) throw new Error('shape');
      const n = BigInt(value);
      const max = sort.type === 'int' ? 2_147_483_647n : 9_223_372_036_854_775_807n;
      if (n > max || n < -max - 1n) throw new Error('shape');
    } else if (sort.type !== 'text' && !/^-?\d+(\.\d+)?$/.test(String(value))) {
      throw new Error('shape');
    }
    return { value, id };
  } catch {
    throw badUserInput(`Cursor "${cursor}" is not valid: pass the endCursor of a previous page sorted the same way`);
  }
}

/**
 * Orders, filters past the cursor and limits (first + 1) a query in SQL for
 * any sort order; works for entity and raw queries. `idExpression` is the
 * row's uuid id, e.g. `c.id`.
 */
export function applyKeyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  sort: SortOrder,
  idExpression: string,
  first: number,
  after?: string | null,
): SelectQueryBuilder<T> {
  query
    .orderBy(sort.expression, sort.direction)
    .addOrderBy(idExpression, sort.direction)
    .limit(first + 1);
  if (after) {
    const { value, id } = decodeSortCursor(sort, after);
    const op = sort.direction === 'ASC' ? '>' : '<';
    query.andWhere(`(${sort.expression}, ${idExpression}) ${op} (CAST(:keysetValue AS ${sort.type}), CAST(:keysetId AS uuid))`, {
      keysetValue: value,
      keysetId: id,
    });
  }
  return query;
}

/** A connection for a page fetched with applyKeyset; `valueOf` gives a node's sort value (as the expression computes it). */
export function toSortedConnection<T>(
  page: Page<T>,
  sort: SortOrder,
  valueOf: (node: T) => string | number | Date,
  idOf: (node: T) => string,
): ConnectionShape<T> {
  return lazyConnection(page, (node) => encodeSortCursor(sort, valueOf(node), idOf(node)));
}
