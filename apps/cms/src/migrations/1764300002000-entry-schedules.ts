import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Publishing and unpublishing at a set time: rows a scheduler claims, so a restart loses none and a replica runs none twice. */
export class EntrySchedules1764300002000 implements MigrationInterface {
  name = 'EntrySchedules1764300002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE entry_schedules (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES entries (id),
        action text NOT NULL CHECK (action IN ('PUBLISH', 'UNPUBLISH')),
        run_at timestamptz NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        done_at timestamptz,
        -- what happened: PUBLISHED, UNPUBLISHED, or why nothing did
        outcome text,
        cancelled_at timestamptz
      )`);
    await db.query(`CREATE INDEX entry_schedules_due_idx ON entry_schedules (run_at) WHERE done_at IS NULL AND cancelled_at IS NULL`);
    await db.query(`CREATE INDEX entry_schedules_entry_idx ON entry_schedules (entry_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE entry_schedules`);
  }
}
