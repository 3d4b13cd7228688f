export * from './bus';
export * from './contracts/registry';
export * from './envelope';
