import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { freePort } from './ports';

/** One throw-away embedded Postgres for the integration suite; each spec makes its own databases in it. */
export default async function setup(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'platform-it-pg-'));
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), databases: [], persistent: false });
  (globalThis as { __postgres?: unknown }).__postgres = postgres;
  process.env.TEST_POSTGRES_URL = postgres.url('postgres');
}
