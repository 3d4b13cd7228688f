import DataLoader from 'dataloader';
import type { Identity } from '@platform/auth';

/** Per-request GraphQL context shared by every subgraph. */
export interface RequestContext {
  req?: unknown;
  /** The caller, as the gateway credential says. */
  identity?: Identity;
  loaders: Map<string, DataLoader<unknown, unknown>>;
}

export const createRequestContext = (req?: { identity?: Identity }): RequestContext => ({ req, identity: req?.identity, loaders: new Map() });

/**
 * The request's DataLoader for `key`, created on first use. All loads made
 * while one operation resolves (e.g. every Customer reference in an
 * _entities call) are batched into one call of `batch`.
 */
export function loaderFor<K, V>(context: RequestContext, key: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V> {
  let loader = context.loaders.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    context.loaders.set(key, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/** Orders batch results to match the requested keys, with `fallback` for keys without a row. */
export function byKeys<K, R, V>(keys: readonly K[], rows: R[], keyOf: (row: R) => K, fallback: (key: K) => V, map: (row: R) => V): V[] {
  const found = new Map<K, R>();
  for (const row of rows) found.set(keyOf(row), row);
  return keys.map((key) => {
    const row = found.get(key);
    return row === undefined ? fallback(key) : map(row);
  });
}

/** The request's loader of records by id (null for an id without one): one `findByIds` call per batch. */
export function recordLoader<T extends { id: string }>(
  context: RequestContext,
  key: string,
  findByIds: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return loaderFor<string, T | null>(context, key, async (ids) =>
    byKeys(
      ids,
      await findByIds(ids),
      (row) => row.id,
      () => null,
      (row) => row,
    ),
  );
}

/** Groups one statement's rows (in their order) under the parents asked for: one list per key, empty where none. */
export function groupByKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string | null): T[][] {
  const groups = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
