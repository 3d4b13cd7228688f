export * from './subgraph-harness';
export * from './all-pages';
