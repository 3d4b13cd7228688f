export * from './subgraph-harness';
