import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed attempts at an enrolment's next step and the last error, so a step
 * that keeps failing backs off and is given up instead of retried for ever.
 */
export class NurtureStepFailures1763900011000 implements MigrationInterface {
  name = 'NurtureStepFailures1763900011000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE nurture_enrolments ADD COLUMN step_failures int NOT NULL DEFAULT 0, ADD COLUMN last_error text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE nurture_enrolments DROP COLUMN last_error, DROP COLUMN step_failures`);
  }
}
