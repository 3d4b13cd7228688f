export * from './dev-secrets';
export * from './embedded-postgres';
export * from './platform';
export * from './supervisor';
