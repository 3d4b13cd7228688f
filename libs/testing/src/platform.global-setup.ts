import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '@platform/config';
import { startPlatform } from '@platform/local-runtime';
import { freePort } from './ports';

const root = join(__dirname, '..', '..', '..');

/**
 * The whole platform as separate processes from dist/ (built by `npm test`),
 * on free loopback ports and a throw-away embedded Postgres. Process output
 * goes to .data/test-logs/e2e.log.
 */
export default async function setup(): Promise<void> {
  const distDir = join(root, 'dist');
  if (!existsSync(join(distDir, 'apps', 'gateway', 'src', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  mkdirSync(join(root, '.data', 'test-logs'), { recursive: true });
  const logPath = join(root, '.data', 'test-logs', 'e2e.log');
  const log = createWriteStream(logPath);
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), internalJwtSecret: randomBytes(32).toString('hex') };
  const ports = Object.fromEntries(await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, await freePort()])));
  try {
    const platform = await startPlatform({
      distDir,
      postgresDir: await mkdtemp(join(tmpdir(), 'platform-e2e-pg-')),
      postgresPort: await freePort(),
      persistent: false,
      ports,
      secrets,
      // The suites drive a few users hard and one after another: the per-user rate limit is the admission spec's to test.
      env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', GATEWAY_RATE_PER_SECOND: '100000', GATEWAY_RATE_BURST: '100000' },
      output: (name, line) => log.write(`${name}| ${line}\n`),
    });
    (globalThis as { __platform?: unknown }).__platform = platform;
    process.env.E2E_GATEWAY_URL = platform.gatewayUrl;
    process.env.E2E_SERVICE_URLS = JSON.stringify(platform.serviceUrls);
    process.env.E2E_POSTGRES_URL = platform.postgres?.url('postgres');
    process.env.E2E_JWT_SECRET = secrets.jwtSecret;
    process.env.E2E_INTERNAL_JWT_SECRET = secrets.internalJwtSecret;
  } catch (err) {
    throw new Error(`platform did not start (${err instanceof Error ? err.message : err}); see ${logPath}`);
  }
}
