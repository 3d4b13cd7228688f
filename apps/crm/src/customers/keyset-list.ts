import { applyKeyset, type ConnectionShape, type SortOrder, toPage, toSortedConnection } from '@platform/graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs a raw, already filtered list query as one keyset page in `sort` order.
 * The sort value comes back from SQL itself (`sortKey`), so a cursor carries
 * exactly what Postgres compares (lower() of a name included).
 */
export async function sortedConnection<T extends { id: string }>(
  query: SelectQueryBuilder<ObjectLiteral>,
  sort: SortOrder,
  idExpression: string,
  first: number,
  after?: string | null,
): Promise<ConnectionShape<T>> {
  query.addSelect(sort.expression, 'sortKey');
  applyKeyset(query, sort, idExpression, first, after);
  const rows = (await query.getRawMany()) as (T & { sortKey: string | Date })[];
  return toSortedConnection(toPage(rows, first), sort, (row) => row.sortKey, (row) => row.id);
}
