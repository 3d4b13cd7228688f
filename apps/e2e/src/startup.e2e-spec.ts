import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const main = (app: string) => join(__dirname, '..', '..', '..', 'dist', 'apps', app, 'src', 'main.js');

/** Starts an app with exactly `env` (plus PATH) and returns how it ended. */
function start(app: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [main(app)], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr.trim() };
}

const secret = { INTERNAL_JWT_SECRET: 'i'.repeat(32) };

describe('configuration is checked at start', () => {
  it('stops a subgraph without DATABASE_URL with one line naming it', () => {
    const { status, stderr } = start('crm', {});
    expect(status).toBe(1);
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/^config: DATABASE_URL is required/)]);
  });

  it('stops a subgraph with a malformed DATABASE_URL or PORT', () => {
    expect(start('finance', { DATABASE_URL: 'mysql://db/finance' }).stderr).toBe(
      'config: DATABASE_URL is malformed: must be a postgres://user:password@host:port/database URL',
    );
    expect(start('inventory', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/inventory', PORT: 'http' }).stderr).toMatch(/^config: PORT is malformed/);
  });

  it('stops a subgraph that has neither Kafka nor an event log database', () => {
    const { status, stderr } = start('crm', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/crm', ...secret });
    expect(status).toBe(1);
    expect(stderr).toBe('config: EVENTS_DATABASE_URL is required when KAFKA_BROKERS is not set (the embedded event log database)');
    expect(start('crm', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/crm', KAFKA_BROKERS: 'kafka', ...secret }).stderr).toBe(
      'config: KAFKA_BROKERS is malformed: must be host:port[,host:port...]',
    );
  });

  it('stops the gateway with a malformed subgraph URL', () => {
    const { status, stderr } = start('gateway', { CRM_URL: 'crm:4001', JWT_SECRET: 'j'.repeat(32), ...secret });
    expect(status).toBe(1);
    expect(stderr).toBe('config: CRM_URL is malformed: must be an http:// or https:// URL');
  });

  it('stops a subgraph without the gateway credential secret, and the gateway without a way to verify tokens', () => {
    expect(start('cms', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/cms' }).stderr).toBe(
      'config: INTERNAL_JWT_SECRET is required (must be set to the secret the gateway signs subgraph credentials with)',
    );
    expect(start('cms', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/cms', INTERNAL_JWT_SECRET: 'short' }).stderr).toBe(
      'config: INTERNAL_JWT_SECRET is malformed: must be at least 32 characters',
    );
    expect(start('gateway', secret).stderr).toBe('config: JWT_SECRET is required (or JWT_JWKS_URL): the gateway must be able to verify user tokens');
  });

  it('stops finance with a malformed currency', () => {
    const { status, stderr } = start('finance', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/finance', FINANCE_CURRENCY: 'dollars', ...secret });
    expect(status).toBe(1);
    expect(stderr).toBe('config: FINANCE_CURRENCY is malformed: must be an ISO 4217 code such as USD');
  });
});
