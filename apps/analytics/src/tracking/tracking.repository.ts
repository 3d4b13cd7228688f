import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Queryable } from '@platform/database';
import type { TrackedEvent } from './tracking-rules';

/** raw_events is partitioned by month of receipt: retention drops whole months. */
export function partitionOf(receivedAt: Date): { name: string; from: string; to: string } {
  const year = receivedAt.getUTCFullYear();
  const month = receivedAt.getUTCMonth();
  const from = new Date(Date.UTC(year, month, 1));
  const to = new Date(Date.UTC(year, month + 1, 1));
  return { name: `raw_events_${year}_${String(month + 1).padStart(2, '0')}`, from: from.toISOString(), to: to.toISOString() };
}

@Injectable()
export class TrackingRepository {
  private readonly partitions = new Set<string>();

  /**
   * Makes the month's partition once per process, in a transaction of its
   * own: the advisory lock keeps two replicas from racing on the DDL.
   */
  async ensurePartition(dataSource: DataSource, receivedAt: Date): Promise<void> {
    const { name, from, to } = partitionOf(receivedAt);
    if (this.partitions.has(name)) return;
    await dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('analytics.raw_events.partitions'))`);
      await manager.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF raw_events FOR VALUES FROM ('${from}') TO ('${to}')`);
    });
    this.partitions.add(name);
  }

  /**
   * Stores a batch in one statement: the message ids not seen before for the
   * source, the events carrying them (unless an id of theirs is suppressed:
   * an erased person stays erased) and their place in the profile queue.
   * The whole batch travels as one jsonb parameter. Returns how many were new.
   */
  async insertBatch(db: Queryable, sourceId: string, receivedAt: Date, events: TrackedEvent[]): Promise<number> {
    const rows: { n: number }[] = (await db.query(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
           "messageId" text, type text, "userId" text, "anonymousId" text, event text, name text, "groupId" text, "previousId" text,
           "timestamp" timestamptz, "originalTimestamp" timestamptz, "sentAt" timestamptz, context jsonb, traits jsonb, properties jsonb)
       ),
       fresh AS (
         INSERT INTO tracked_message_ids (source_id, message_id, received_at)
         SELECT $2, "messageId", $3 FROM incoming
         ON CONFLICT DO NOTHING
         RETURNING message_id
       ),
       stored AS (
         INSERT INTO raw_events (received_at, source_id, message_id, type, user_id, anonymous_id, event, name, group_id, previous_id,
                                 "timestamp", original_timestamp, sent_at, context, traits, properties)
         SELECT $3, $2, i."messageId", i.type, i."userId", i."anonymousId", i.event, i.name, i."groupId", i."previousId",
                i."timestamp", i."originalTimestamp", i."sentAt", i.context, i.traits, i.properties
           FROM incoming i JOIN fresh f ON f.message_id = i."messageId"
          WHERE NOT EXISTS (
            SELECT 1 FROM suppressed_identifiers x
             WHERE (x.kind = 'user_id' AND x.value = i."userId") OR (x.kind = 'anonymous_id' AND x.value = i."anonymousId")
                OR (x.kind = 'user_id' AND x.value = i."previousId") OR (x.kind = 'anonymous_id' AND x.value = i."previousId"))
         RETURNING seq, received_at
       ),
       queued AS (INSERT INTO pending_events (seq, received_at) SELECT seq, received_at FROM stored RETURNING 1)
       SELECT count(*)::int AS n FROM queued`,
      [JSON.stringify(events), sourceId, receivedAt],
    )) as { n: number }[];
    return rows[0].n;
  }

  /** Deletes every tracked event of these user and anonymous ids (erasure), in all partitions. Returns how many. */
  async deleteEventsOf(db: Queryable, userIds: string[], anonymousIds: string[]): Promise<number> {
    const rows = (await db.query(
      `WITH gone AS (
         DELETE FROM raw_events WHERE user_id = ANY($1::text[]) OR anonymous_id = ANY($2::text[]) OR previous_id = ANY($2::text[]) RETURNING seq, received_at),
       unqueued AS (DELETE FROM pending_events q USING gone WHERE q.seq = gone.seq RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [userIds, anonymousIds],
    )) as { n: number }[];
    return rows[0].n;
  }

  /**
   * Forgets message ids received before `before` whose month has gone: a
   * retry that late is stored again (Segment's de-duplication window is
   * shorter still).
   */
  async pruneMessageIds(db: Queryable, before: Date): Promise<void> {
    const { from } = partitionOf(before);
    await db.query(`DELETE FROM tracked_message_ids WHERE received_at < $1`, [from]);
  }

  /** Drops the months of raw events that ended before `before`'s month began. Returns the partitions dropped. */
  async dropPartitionsBefore(db: Queryable, before: Date): Promise<string[]> {
    const rows = (await db.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'raw_events' ORDER BY c.relname`,
    )) as { name: string }[];
    const cut = partitionOf(before).name;
    const dropped = rows.map((r) => r.name).filter((name) => /^raw_events_\d{4}_\d{2}$/.test(name) && name < cut);
    for (const name of dropped) {
      await db.query(`DROP TABLE ${name}`);
      this.partitions.delete(name);
    }
    return dropped;
  }
}
