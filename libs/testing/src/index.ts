export * from './ports';
export * from './test-database';
