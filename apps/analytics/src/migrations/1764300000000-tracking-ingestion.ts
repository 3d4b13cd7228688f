import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sources with hashed write keys, the time-partitioned raw event log, the
 * message ids that de-duplicate it, and the queue of events not yet applied
 * to profiles. Partitions of raw_events are made on demand (tracking.repository).
 */
export class TrackingIngestion1764300000000 implements MigrationInterface {
  name = 'TrackingIngestion1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tracking_sources (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        write_key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        disabled_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE raw_events (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        received_at timestamptz NOT NULL,
        source_id uuid NOT NULL,
        message_id text NOT NULL,
        type text NOT NULL,
        user_id text,
        anonymous_id text,
        event text,
        name text,
        group_id text,
        previous_id text,
        "timestamp" timestamptz NOT NULL,
        original_timestamp timestamptz,
        sent_at timestamptz,
        context jsonb NOT NULL DEFAULT '{}',
        traits jsonb NOT NULL DEFAULT '{}',
        properties jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (received_at, seq)
      ) PARTITION BY RANGE (received_at)`);
    await db.query(`CREATE INDEX raw_events_user_id ON raw_events (user_id, "timestamp") WHERE user_id IS NOT NULL`);
    await db.query(`CREATE INDEX raw_events_anonymous_id ON raw_events (anonymous_id, "timestamp") WHERE anonymous_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE tracked_message_ids (
        source_id uuid NOT NULL,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (source_id, message_id)
      )`);
    await db.query(`CREATE TABLE pending_events (seq bigint PRIMARY KEY, received_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE pending_events, tracked_message_ids, raw_events, tracking_sources`);
  }
}
