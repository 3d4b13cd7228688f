import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed attempts at an enrolment's next step and the last error, so a step
 * that keeps failing backs off and is given up instead of retried for ever.
 * An assignee's tickets newest first, and an assignee's tasks by creation:
 * the created_at indexes alone scan every ticket or task to find one
 * person's.
 */
export class NurtureFailuresAssigneeIndexes1763900011000 implements MigrationInterface {
  name = 'NurtureFailuresAssigneeIndexes1763900011000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE nurture_enrolments ADD COLUMN step_failures int NOT NULL DEFAULT 0, ADD COLUMN last_error text`);
    await db.query(`CREATE INDEX tickets_assignee_created_idx ON tickets (assignee_id, created_at, id) WHERE assignee_id IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_assignee_created_idx ON tasks (assignee_id, created_at, id) WHERE assignee_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tasks_assignee_created_idx`);
    await db.query(`DROP INDEX tickets_assignee_created_idx`);
    await db.query(`ALTER TABLE nurture_enrolments DROP COLUMN last_error, DROP COLUMN step_failures`);
  }
}
