import { randomUUID } from 'node:crypto';
import { Client, Pool, type PoolClient } from 'pg';
import { type BusMessage, type EventBus, partitionOf, type ReceivedMessage, type SubscribeOptions, type Subscription } from '../bus';
import { Waker } from '../waker';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedBusOptions {
  /** postgres:// URL of the bus's own database. */
  url: string;
  /** Partitions of a topic when it is first used. */
  partitions?: number;
  /** Safety-net poll when no notification arrives, in ms. */
  pollMs?: number;
  /** A member missing heartbeats this long is considered gone and its partitions move. */
  sessionTimeoutMs?: number;
  fetchSize?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bus_partitions (
    topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (topic, partition));
  CREATE TABLE IF NOT EXISTS bus_log (
    topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
    key text NOT NULL, value text NOT NULL, headers jsonb, appended_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, "offset"));
  CREATE TABLE IF NOT EXISTS bus_offsets (
    group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL, next_offset bigint NOT NULL,
    PRIMARY KEY (group_id, topic, partition));
  CREATE TABLE IF NOT EXISTS bus_members (
    group_id text NOT NULL, member_id text NOT NULL, heartbeat_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, member_id));`;

const CHANNEL = 'bus_log';

/**
 * The default transport: a partitioned, append-only log in a Postgres
 * database of its own. A key maps to a partition (per-key order); a group's
 * committed offsets live in bus_offsets; a member owns a partition while it
 * holds a session advisory lock on it, so a crashed member's partitions are
 * free the moment its connection drops. Appends NOTIFY, so consumers wake at
 * once instead of polling.
 */
export class EmbeddedEventBus implements EventBus {
  readonly transport = 'embedded' as const;
  private readonly pool: Pool;
  private readonly partitions: number;
  private readonly subscriptions = new Set<EmbeddedSubscription>();
  private schema?: Promise<void>;
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: EmbeddedBusOptions) {
    this.pool = new Pool({ connectionString: options.url, max: 10, application_name: 'event-bus' });
    this.pool.on('error', () => undefined);
    this.partitions = options.partitions ?? 3;
  }

  /** Creates the bus tables once per database (several processes may race here). */
  ready(): Promise<void> {
    this.schema ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(4242001)');
        await client.query(SCHEMA);
      } finally {
        await client.query('SELECT pg_advisory_unlock(4242001)').catch(() => undefined);
        client.release();
      }
    })();
    return this.schema;
  }

  async ensureTopics(client: Pool | PoolClient, topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (!missing.length) return;
    await client.query(
      `INSERT INTO bus_partitions (topic, partition) SELECT t, p FROM unnest($1::text[]) t, generate_series(0, $2 - 1) p ON CONFLICT DO NOTHING`,
      [missing, this.partitions],
    );
    for (const t of missing) this.knownTopics.add(t);
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (!messages.length) return;
    await this.ready();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const topics = [...new Set(messages.map((m) => m.topic))];
      await this.ensureTopics(client, topics);
      const { rows } = await client.query<{ topic: string; count: number }>(
        `SELECT topic, count(*)::int AS count FROM bus_partitions WHERE topic = ANY($1) GROUP BY topic`,
        [topics],
      );
      const partitionCount = new Map(rows.map((r) => [r.topic, r.count]));
      const byPartition = new Map<string, { topic: string; partition: number; messages: BusMessage[] }>();
      for (const message of messages) {
        const partition = partitionOf(message.key, partitionCount.get(message.topic) ?? this.partitions);
        const slot = `${message.topic}\u0000${partition}`;
        const group = byPartition.get(slot) ?? { topic: message.topic, partition, messages: [] };
        group.messages.push(message);
        byPartition.set(slot, group);
      }
      // Sorted so concurrent publishers lock partitions in the same order (no deadlock).
      for (const group of [...byPartition.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)) {
        const n = group.messages.length;
        const reserved = await client.query<{ first: string }>(
          `UPDATE bus_partitions SET next_offset = next_offset + $3 WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS first`,
          [group.topic, group.partition, n],
        );
        const first = BigInt(reserved.rows[0].first);
        await client.query(
          `INSERT INTO bus_log (topic, partition, "offset", key, value, headers)
           SELECT $1, $2, o, k, v, h FROM unnest($3::bigint[], $4::text[], $5::text[], $6::jsonb[]) AS m(o, k, v, h)`,
          [
            group.topic,
            group.partition,
            group.messages.map((_, i) => String(first + BigInt(i))),
            group.messages.map((m) => m.key),
            group.messages.map((m) => m.value),
            group.messages.map((m) => (m.headers ? JSON.stringify(m.headers) : null)),
          ],
        );
      }
      await client.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.ready();
    await this.ensureTopics(this.pool, options.topics);
    const subscription = new EmbeddedSubscription(this.pool, this.options, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    await subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.pool.end();
  }
}

interface Claim {
  topic: string;
  partition: number;
  lockKey: string;
}

class EmbeddedSubscription implements Subscription {
  private readonly memberId = randomUUID();
  private session?: Client;
  private running = false;
  private loop?: Promise<void>;
  private readonly waker = new Waker();
  private readonly held = new Map<string, Claim>();
  private lastHeartbeat = 0;
  private lastError?: string;

  constructor(
    private readonly pool: Pool,
    private readonly bus: EmbeddedBusOptions,
    private readonly options: SubscribeOptions,
    private readonly onStopped: () => void,
  ) {}

  async start(): Promise<void> {
    // The session connection holds this member's partition locks and listens
    // for appends; if the process dies, Postgres drops both with it.
    this.session = new Client({ connectionString: this.bus.url, application_name: `bus:${this.options.group}` });
    this.session.on('error', () => undefined);
    await this.session.connect();
    this.session.on('notification', () => this.waker.wake());
    await this.session.query(`LISTEN ${CHANNEL}`);
    await this.heartbeat();
    this.running = true;
    this.loop = this.run();
  }

  private async heartbeat(): Promise<void> {
    if (Date.now() - this.lastHeartbeat < 1000) return;
    this.lastHeartbeat = Date.now();
    await this.pool.query(
      `INSERT INTO bus_members (group_id, member_id, heartbeat_at) VALUES ($1, $2, now())
       ON CONFLICT (group_id, member_id) DO UPDATE SET heartbeat_at = now()`,
      [this.options.group, this.memberId],
    );
  }

  /** The partitions this member should own: every n-th of the group's partitions, n = live members. */
  private async rebalance(): Promise<void> {
    const timeout = this.bus.sessionTimeoutMs ?? 5000;
    const { rows: members } = await this.pool.query<{ member_id: string }>(
      `SELECT member_id FROM bus_members WHERE group_id = $1 AND heartbeat_at > now() - make_interval(secs => $2) ORDER BY member_id`,
      [this.options.group, timeout / 1000],
    );
    const ids = members.map((m) => m.member_id);
    const index = Math.max(0, ids.indexOf(this.memberId));
    const { rows: partitions } = await this.pool.query<{ topic: string; partition: number }>(
      `SELECT topic, partition FROM bus_partitions WHERE topic = ANY($1) ORDER BY topic, partition`,
      [this.options.topics],
    );
    const wanted = partitions.filter((_, i) => i % Math.max(1, ids.length) === index);
    const wantedKeys = new Set(wanted.map((p) => `${p.topic}/${p.partition}`));
    for (const [slot, claim] of this.held) {
      if (!wantedKeys.has(slot)) {
        await this.session?.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [claim.lockKey]);
        this.held.delete(slot);
      }
    }
    for (const p of wanted) {
      const slot = `${p.topic}/${p.partition}`;
      if (this.held.has(slot)) continue;
      const lockKey = `${this.options.group}/${slot}`;
      const rows = (await this.session?.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [lockKey]))?.rows;
      if (rows?.[0].ok) this.held.set(slot, { ...p, lockKey });
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delivered = 0;
      try {
        await this.heartbeat();
        await this.rebalance();
        const counts = await Promise.all([...this.held.values()].map((claim) => this.drain(claim)));
        delivered = counts.reduce((a, b) => a + b, 0);
        this.lastError = undefined;
      } catch (err) {
        // The database went away or a query failed: say so once, back off, try again.
        const message = err instanceof Error ? err.message : String(err);
        if (message !== this.lastError) console.error(`event-bus: group ${this.options.group}: ${message}`);
        this.lastError = message;
        if (this.running) await sleep(500);
      }
      if (this.running && delivered === 0) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return this.waker.wait(this.bus.pollMs ?? 1000);
  }

  /** Handles what is pending on one partition, in order; returns how many were handled. */
  private async drain(claim: Claim): Promise<number> {
    const { rows } = await this.pool.query<{ offset: string; key: string; value: string; headers: Record<string, string> | null }>(
      `SELECT l."offset", l.key, l.value, l.headers FROM bus_log l
        WHERE l.topic = $1 AND l.partition = $2
          AND l."offset" >= coalesce((SELECT next_offset FROM bus_offsets WHERE group_id = $3 AND topic = $1 AND partition = $2), 0)
        ORDER BY l."offset" LIMIT $4`,
      [claim.topic, claim.partition, this.options.group, this.bus.fetchSize ?? 200],
    );
    const messages: ReceivedMessage[] = rows.map((row) => ({
      topic: claim.topic,
      partition: claim.partition,
      offset: row.offset,
      key: row.key,
      value: row.value,
      ...(row.headers ? { headers: row.headers } : {}),
    }));
    if (this.options.handleBatch && messages.length) {
      if (!this.running) return 0;
      try {
        await this.options.handleBatch(messages);
      } catch {
        // Nothing committed: the whole batch comes again next round, after a pause.
        await sleep(200);
        return 0;
      }
      await this.commit(claim, messages[messages.length - 1].offset);
      return messages.length;
    }
    let handled = 0;
    for (const message of messages) {
      if (!this.running) break;
      try {
        await this.options.handle(message);
      } catch {
        // Not committed: the same message comes first next round, after a pause.
        await sleep(200);
        break;
      }
      await this.commit(claim, message.offset);
      handled++;
    }
    return handled;
  }

  private async commit(claim: Claim, offset: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO bus_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
      [this.options.group, claim.topic, claim.partition, String(BigInt(offset) + 1n)],
    );
  }

  async stop(): Promise<void> {
    if (!this.running && !this.loop) return;
    this.running = false;
    this.waker.wake();
    await this.loop?.catch(() => undefined);
    this.loop = undefined;
    await this.pool.query('DELETE FROM bus_members WHERE group_id = $1 AND member_id = $2', [this.options.group, this.memberId]).catch(() => undefined);
    await this.session?.end().catch(() => undefined);
    this.held.clear();
    this.onStopped();
  }
}
