import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Segments (audiences), their members, the index person-event rules use, and the analysts' view of members. */
export class Segments1764300004000 implements MigrationInterface {
  name = 'Segments1764300004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE segments (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        rule jsonb NOT NULL,
        time_window boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    await db.query(`CREATE INDEX segments_created ON segments (created_at, id)`);
    await db.query(`
      CREATE TABLE segment_members (
        segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        profile_id uuid NOT NULL,
        customer_id uuid,
        entered_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (entered_at = date_trunc('milliseconds', entered_at)),
        PRIMARY KEY (segment_id, profile_id)
      )`);
    await db.query(`CREATE INDEX segment_members_page ON segment_members (segment_id, entered_at, profile_id)`);
    await db.query(`CREATE INDEX segment_members_profile ON segment_members (profile_id)`);
    await db.query(`CREATE INDEX domain_events_email ON domain_events ((lower(data->>'email')), type, occurred_at)`);
    await db.query(`CREATE INDEX domain_events_customer_type ON domain_events (customer_id, type, occurred_at)`);
    await db.query(`
      CREATE VIEW analyst.segment_members AS
      SELECT s.id AS segment_id, s.name AS segment_name, m.profile_id, m.customer_id, m.entered_at
        FROM segment_members m JOIN segments s ON s.id = m.segment_id`);
    await db.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'analytics_reader') THEN
          GRANT SELECT ON analyst.segment_members TO analytics_reader;
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW analyst.segment_members`);
    await db.query(`DROP INDEX domain_events_customer_type`);
    await db.query(`DROP INDEX domain_events_email`);
    await db.query(`DROP TABLE segment_members, segments`);
  }
}
