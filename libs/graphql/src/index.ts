export * from './errors';
export * from './loaders';
export * from './metrics.plugin';
export * from './money';
export * from './pagination';
export * from './subgraph.module';
export * from './money.input';
export * from './input-transforms';
