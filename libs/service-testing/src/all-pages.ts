import type { TestSubgraph } from './subgraph-harness';

interface ConnectionPage<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Every node of a cursor connection, page after page: sends `query` with
 * `variables` plus `after` (the previous page's endCursor) until
 * hasNextPage is false. `path` leads from `data` to the connection, e.g.
 * ['customer', 'deals']. Any error fails; so does a cursor that never ends.
 */
export async function allPages<N>(subgraph: TestSubgraph, query: string, variables: Record<string, unknown>, path: string[]): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const result = await subgraph.request<Record<string, unknown>>(query, { ...variables, after });
    if (result.errors || !result.data) throw new Error(`page after ${after}: ${JSON.stringify(result.errors)}`);
    const connection = path.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], result.data) as ConnectionPage<N>;
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor;
  }
  throw new Error(`${path.join('.')} did not reach its last page in 10,000 pages`);
}
