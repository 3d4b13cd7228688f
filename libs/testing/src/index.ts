export * from './ports';
export * from './test-database';
export * from './eventually';
export * from './lock-waits';
