import { applyKeyset, badUserInput, type ConnectionShape, isUuid, type Page, type SortOrder, toSortedConnection } from '@platform/graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export type Direction = 'ASC' | 'DESC';

export const createdOrder = (direction: Direction): SortOrder => ({
  tag: `tasks.created.${direction}`,
  expression: 't.created_at',
  type: 'timestamptz',
  direction,
});

/** A due-date cursor: the direction, the due time (null for tasks without one) and the id. */
export function encodeDueCursor(direction: Direction, dueAt: Date | string | null, id: string): string {
  return Buffer.from(JSON.stringify([`tasks.due.${direction}`, dueAt instanceof Date ? dueAt.toISOString() : dueAt, id])).toString('base64url');
}

export function decodeDueCursor(direction: Direction, cursor: string): { dueAt: string | null; id: string } {
  try {
    const [tag, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag !== `tasks.due.${direction}` || !isUuid(id)) throw new Error('shape');
    if (value === null) return { dueAt: null, id };
    const parsed = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 1 || parsed.getUTCFullYear() > 9999) throw new Error('shape');
    // The text itself goes to SQL: it keeps the microseconds a Date would drop.
    return { dueAt: value, id };
  } catch {
    throw badUserInput(`Cursor "${cursor}" is not valid: pass the endCursor of a previous page sorted the same way`);
  }
}

/**
 * Keyset pagination on (due_at, id) where due_at may be NULL: Postgres and
 * the (due_at, id) indexes put NULL after every time ascending and before
 * every time descending, and a row comparison with NULL is never true, so
 * the rows past a cursor are spelled out for both cases.
 */
export function applyDueKeyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  direction: Direction,
  first: number,
  after?: string | null,
): SelectQueryBuilder<T> {
  query
    .orderBy('t.due_at', direction)
    .addOrderBy('t.id', direction)
    .limit(first + 1);
  if (!after) return query;
  const { dueAt, id } = decodeDueCursor(direction, after);
  const params = { dueAfter: dueAt, dueAfterId: id };
  if (direction === 'ASC') {
    query.andWhere(
      dueAt === null
        ? 't.due_at IS NULL AND t.id > CAST(:dueAfterId AS uuid)'
        : '((t.due_at, t.id) > (CAST(:dueAfter AS timestamptz), CAST(:dueAfterId AS uuid)) OR t.due_at IS NULL)',
      params,
    );
  } else {
    query.andWhere(
      dueAt === null
        ? '(t.due_at IS NOT NULL OR t.id < CAST(:dueAfterId AS uuid))'
        : '(t.due_at, t.id) < (CAST(:dueAfter AS timestamptz), CAST(:dueAfterId AS uuid))',
      params,
    );
  }
  return query;
}

export function applyTaskOrder<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  field: 'due_at' | 'created_at',
  direction: Direction,
  first: number,
  after?: string | null,
) {
  return field === 'due_at' ? applyDueKeyset(query, direction, first, after) : applyKeyset(query, createdOrder(direction), 't.id', first, after);
}

export function toTaskConnection<T extends { id: string; dueAt: Date | null; dueKey?: string | null; createdAt: Date }>(
  page: Page<T>,
  field: 'due_at' | 'created_at',
  direction: Direction,
): ConnectionShape<T> {
  if (field === 'created_at')
    return toSortedConnection(
      page,
      createdOrder(direction),
      (t) => t.createdAt,
      (t) => t.id,
    );
  const edges = page.nodes.map((node) => ({ cursor: encodeDueCursor(direction, node.dueKey ?? node.dueAt, node.id), node }));
  return { edges, nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}
