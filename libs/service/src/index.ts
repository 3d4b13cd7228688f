export * from './audit/audit-log';
export * from './audit/audit.migration';
export * from './audit/audit.resolver';
export * from './auth';
export * from './bootstrap';
export * from './events.runtime';
export * from './health.controller';
