import { applyKeyset, type ConnectionShape, type SortOrder, toPage, toSortedConnection } from '@platform/graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs a raw, already filtered list query as one keyset page in `sort` order.
 * The sort value comes back from SQL itself (`sortKey`), so a cursor carries
 * exactly what Postgres compares (lower() of a name included). `read` turns a
 * raw row into a typed one (a table definition's `read`).
 */
export async function sortedConnection<T extends { id: string }>(
  query: SelectQueryBuilder<ObjectLiteral>,
  sort: SortOrder,
  idExpression: string,
  first: number,
  after?: string | null,
  read?: (raw: unknown) => T,
): Promise<ConnectionShape<T>> {
  query.addSelect(sort.expression, 'sortKey');
  applyKeyset(query, sort, idExpression, first, after);
  const raws: { sortKey: string | Date }[] = await query.getRawMany();
  // With a table definition's reader, the nodes are typed rows; without one, the raw rows as selected.
  const rows = read ? raws.map((raw) => ({ ...read(raw), sortKey: raw.sortKey })) : (raws as (T & { sortKey: string | Date })[]);
  return toSortedConnection(
    toPage(rows, first),
    sort,
    (row) => row.sortKey,
    (row) => row.id,
  );
}
