import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { defineRow, text, timestamptz, type Queryable } from '@platform/database';
import { SegmentsService } from '../segments/segments.service';
import { IdentityService, lockIdentityGraphIn } from './identity.service';
import { observeTracked } from './observations';

const queuedEvent = defineRow('queued raw event', {
  messageId: text(),
  type: text(),
  userId: text().nullable(),
  anonymousId: text().nullable(),
  previousId: text().nullable(),
  timestamp: timestamptz(),
});

const BATCH = 1000;
const POLL_MS = 1000;

/**
 * Applies tracked events to the identity graph and profiles, off the
 * request path: ingestion commits raw events with a queue row each, and this
 * takes queue rows, applies them and deletes them in one transaction, so
 * each event is applied once even across replicas.
 */
@Injectable()
export class ProfileProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProfileProjector.name);
  private running: Promise<void> | null = null;
  private again = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly segments: SegmentsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Starts a drain unless one runs; one that runs drains again when it ends. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: Error) => this.logger.error(`applying tracked events failed: ${err.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Applies every queued event. Returns how many. */
  async drain(): Promise<number> {
    if (!this.dataSource.isInitialized) return 0;
    let total = 0;
    for (;;) {
      const applied = await this.dataSource.transaction((manager) => this.applyBatchIn(manager));
      total += applied;
      if (applied < BATCH) return total;
    }
  }

  /**
   * Identity work is serialised anyway (lockIdentityGraphIn), so the lock is
   * taken first: a drain then waits for one in flight and sees its result,
   * rather than skipping its rows and returning early.
   */
  private async applyBatchIn(manager: EntityManager): Promise<number> {
    await lockIdentityGraphIn(manager);
    const taken = (await manager.query(
      `DELETE FROM pending_events WHERE seq IN (SELECT seq FROM pending_events ORDER BY seq LIMIT ${BATCH}) RETURNING seq, received_at`,
    )) as [{ seq: string; received_at: Date }[], number];
    const rows = taken[0];
    if (!rows.length) return 0;
    const events = await readQueued(
      manager,
      rows.map((r) => r.seq),
      rows.map((r) => r.received_at),
    );
    await this.segments.refreshIn(manager, await this.identity.applyIn(manager, events.map(observeTracked)));
    return rows.length;
  }
}

/** The raw events at these (received_at, seq) positions, as the reduction reads them. */
export async function readQueued(db: Queryable, seqs: string[], receivedAt: Date[]) {
  const rows = (await db.query(
    `SELECT e.message_id AS "messageId", e.type, e.user_id AS "userId", e.anonymous_id AS "anonymousId", e.previous_id AS "previousId",
            e."timestamp", e.traits
       FROM raw_events e JOIN unnest($1::bigint[], $2::timestamptz[]) q(seq, received_at) ON e.seq = q.seq AND e.received_at = q.received_at`,
    [seqs, receivedAt],
  )) as unknown[];
  return rows.map(readTracked);
}

/** A raw event row as the reduction reads it (traits is jsonb: an object). */
export function readTracked(raw: unknown) {
  const row = queuedEvent.read(raw);
  const traits = (raw as { traits: unknown }).traits;
  return { ...row, traits: typeof traits === 'object' && traits !== null && !Array.isArray(traits) ? (traits as Record<string, unknown>) : {} };
}
