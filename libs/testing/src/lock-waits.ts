import { setTimeout as sleep } from 'node:timers/promises';

/** A connection or pool that runs SQL: a pg Client or Pool, a TypeORM DataSource, EntityManager or QueryRunner. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** A backend Postgres shows waiting on a lock. */
export interface BlockedBackend {
  pid: number;
  /** The statement it is waiting in. */
  query: string;
  /** The lock it waits for (pg_stat_activity.wait_event: relation, tuple, transactionid, ...). */
  waitEvent: string;
}

export interface WaitUntilBlockedOptions {
  /** Names the racer in the failure message. */
  what?: string;
  timeoutMs?: number;
  /**
   * The racing operation itself: if it settles before Postgres shows it
   * waiting, it did not wait on the lock and the wait fails at once.
   */
  racer?: Promise<unknown>;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows: T[] }).rows ?? [])) as T[];

/** The server process id of `connection` (a single connection: a pg Client or a QueryRunner, not a pool). */
export async function backendPid(connection: SqlRunner): Promise<number> {
  const [row] = rowsOf<{ pid: number }>(await connection.query('SELECT pg_backend_pid() AS pid'));
  return row.pid;
}

/**
 * Polls pg_stat_activity through `observer` until some backend waits on a
 * lock held by backend `holderPid`, and returns the waiting backends. A race
 * spec holds a lock, starts the racer, waits here, and only then releases
 * the lock: the racer then provably met the held lock rather than arriving
 * after the release and taking the ordinary path. Fails with what Postgres
 * showed if no backend waits within `timeoutMs`, or at once if
 * `options.racer` settles first.
 */
export async function waitUntilBlocked(observer: SqlRunner, holderPid: number, options: WaitUntilBlockedOptions = {}): Promise<BlockedBackend[]> {
  const what = options.what ?? 'a backend';
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let settled: string | undefined;
  options.racer?.then(
    () => (settled = 'completed'),
    (err: unknown) => (settled = `failed (${err instanceof Error ? err.message : String(err)})`),
  );
  for (;;) {
    const blocked = rowsOf<BlockedBackend>(
      await observer.query(
        `SELECT pid, query, wait_event AS "waitEvent" FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND $1::int = ANY(pg_blocking_pids(pid)) ORDER BY pid`,
        [holderPid],
      ),
    );
    if (blocked.length) return blocked;
    if (settled) throw new Error(`${what} ${settled} without waiting on a lock held by backend ${holderPid}`);
    if (Date.now() > deadline) {
      const activity = rowsOf<{ pid: number; state: string; waitEventType: string | null; waitEvent: string | null; query: string }>(
        await observer.query(
          `SELECT pid, state, wait_event_type AS "waitEventType", wait_event AS "waitEvent", regexp_replace(left(query, 120), '\\s+', ' ', 'g') AS query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid`,
        ),
      );
      const shown = activity.map((a) => `  ${a.pid} ${a.state} ${a.waitEventType ?? '-'}/${a.waitEvent ?? '-'}: ${a.query}`).join('\n');
      throw new Error(`timed out waiting for ${what} to wait on a lock held by backend ${holderPid}; pg_stat_activity showed:\n${shown}`);
    }
    await sleep(20);
  }
}
