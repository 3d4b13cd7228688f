import { AsyncLocalStorage } from 'node:async_hooks';
import { Counter, register } from 'prom-client';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DatabaseOptions {
  /** postgres:// URL of the service's own database. */
  url: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /** Postgres application_name: shows up in pg_stat_activity. */
  applicationName: string;
  poolSize?: number;
}

const queries =
  (register.getSingleMetric('db_queries_total') as Counter<'origin'> | undefined) ??
  new Counter({ name: 'db_queries_total', help: 'SQL statements sent to the service database', labelNames: ['origin'] });

/**
 * Marks the work done for an incoming request, so its SQL is counted apart
 * from background work (outbox relay, event consumers): `origin="request"`.
 * Where the subgraph does not mark requests (SQL_ORIGIN_METRICS=off, the
 * production default), every statement counts as background.
 */
export const requestScope = new AsyncLocalStorage<true>();

/** Counts every statement (for /metrics and the N+1 checks) and logs only failures. */
class CountingLogger implements Logger {
  logQuery(): void {
    queries.inc({ origin: requestScope.getStore() ? 'request' : 'background' });
  }
  logQueryError(error: string | Error, query: string): void {
    console.error(`db: query failed: ${error instanceof Error ? error.message : error} -- ${query.slice(0, 200)}`);
  }
  logQuerySlow(): void {
    // slow queries show up in Postgres' own statistics
  }
  logSchemaBuild(): void {
    // schema changes go through migrations only
  }
  logMigration(): void {
    // connectAndMigrate reports what it applied
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(`db: ${String(message)}`);
  }
}

/** A DataSource for one service database; migrations only, never synchronize. */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    logger: new CountingLogger(),
    extra: { connectionTimeoutMillis: 5000 },
  });
}

/** Advisory lock key held while migrating (any constant; one per database is enough). */
const MIGRATION_LOCK = 7_301_990_211;

/**
 * Connects (retrying while the server is still coming up, as in a fresh
 * docker-compose or pod start) and applies pending migrations.
 */
export async function connectAndMigrate(
  dataSource: DataSource,
  { attempts = 30, log = console.log }: { attempts?: number; log?: (line: string) => void } = {},
): Promise<void> {
  for (let attempt = 1; !dataSource.isInitialized; attempt++) {
    try {
      await dataSource.initialize();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= attempts || /database ".*" does not exist|password authentication failed/.test(message)) {
        throw new Error(`database: cannot connect: ${message}`);
      }
      await sleep(Math.min(1000 * attempt, 5000));
    }
  }
  // Replicas start together: one applies the migrations, the others wait
  // for it and then find nothing pending.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) log(`db: applied migration ${migration.name}`);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** SELECT 1 within a deadline: what /health/ready reports. */
export async function pingDatabase(dataSource: DataSource, timeoutMs = 2000): Promise<void> {
  if (!dataSource.isInitialized) throw new Error('database not connected');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      dataSource.query('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
