import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventBus } from '../bus';
import { OUTBOX_CHANNEL } from './outbox';
import { Waker } from '../waker';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RelayOptions {
  /** Rows per publish. */
  batchSize?: number;
  /** Safety-net poll when no NOTIFY arrives. */
  pollMs?: number;
  /** Sent rows older than this are deleted. */
  retentionHours?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

/** Any constant: one relay per database publishes at a time. */
const RELAY_LOCK = 7_301_990_212;

/**
 * Publishes outbox rows to the bus in id order, in batches, and marks them
 * sent in the same transaction that locked them. If the process dies after
 * publishing but before the commit, the rows are published again (at least
 * once; consumers' inboxes drop the duplicate). A transaction-scoped advisory
 * lock lets one relay of a service publish at a time, which keeps per-key
 * order across replicas; FOR UPDATE SKIP LOCKED keeps a second relay from
 * ever taking rows that are in flight.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private readonly waker = new Waker();
  private lastPrune = 0;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly options: RelayOptions = {},
  ) {}

  async start(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    this.listener = new Client({ connectionString: url, application_name: 'outbox-relay' });
    this.listener.on('error', () => undefined);
    await this.listener.connect();
    this.listener.on('notification', () => this.waker.wake());
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.running = true;
    this.loop = this.run();
  }

  /** Publishes one batch; returns how many rows were sent (0: nothing to do or another relay is active). */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ leader }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS leader', [RELAY_LOCK]);
      if (!leader) return 0;
      // envelope::text: the stored JSON goes to the bus as it is, without a parse and re-serialise per row.
      const rows: { id: string; topic: string; key: string; envelope: string }[] = await manager.query(
        `SELECT id, topic, key, envelope::text AS envelope FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 500],
      );
      if (!rows.length) return 0;
      await this.bus.publish(rows.map((r) => ({ topic: r.topic, key: r.key, value: r.envelope })));
      await manager.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.publishBatch();
        this.failures = 0;
        await this.prune();
      } catch (err) {
        this.failures++;
        const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 100 * 2 ** Math.min(this.failures, 10));
        (this.options.log ?? console.error)(
          `outbox-relay: publish failed (attempt ${this.failures}, retry in ${delay} ms): ${err instanceof Error ? err.message : err}`,
        );
        await this.recordFailure(err);
        await sleep(delay);
        continue;
      }
      if (sent === 0 && this.running) await this.idle();
    }
  }

  private async recordFailure(err: unknown): Promise<void> {
    await this.dataSource
      .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = (SELECT min(id) FROM outbox WHERE sent_at IS NULL)`, [
        String(err instanceof Error ? err.message : err).slice(0, 1000),
      ])
      .catch(() => undefined);
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE sent_at < now() - make_interval(hours => $1) LIMIT 10000)`,
      [this.options.retentionHours ?? 24 * 7],
    );
  }

  private idle(): Promise<void> {
    return this.waker.wait(this.options.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waker.wake();
    await this.loop?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }
}
