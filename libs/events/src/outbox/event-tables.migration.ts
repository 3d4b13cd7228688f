import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events written with the state change, published by the relay)
 * and the inbox (events this service has applied, per consumer group). Every
 * service that emits or consumes events lists this migration.
 */
export class EventTables1763900001000 implements MigrationInterface {
  name = 'EventTables1763900001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        topic text NOT NULL,
        key text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    // The relay reads unsent rows in id order; pruning reads old sent rows.
    await db.query(`CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL`);
    await db.query(`CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE inbox (
        consumer_group text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE inbox`);
    await db.query(`DROP TABLE outbox`);
  }
}
