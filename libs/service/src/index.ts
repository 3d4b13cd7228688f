export * from './auth';
export * from './bootstrap';
export * from './events.runtime';
export * from './health.controller';
