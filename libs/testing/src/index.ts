export * from './ports';
export * from './subgraph-harness';
export * from './test-database';
