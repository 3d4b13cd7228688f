import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The query paths of nurture enrolments: a sequence's enrolments (all, or of
 * one status) oldest first, and the one-enrolment-per-email check.
 */
export class NurtureEnrolmentIndexes1763900007000 implements MigrationInterface {
  name = 'NurtureEnrolmentIndexes1763900007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX nurture_enrolments_sequence_idx ON nurture_enrolments (sequence_id, created_at, id)`);
    await db.query(`CREATE INDEX nurture_enrolments_sequence_status_idx ON nurture_enrolments (sequence_id, status, created_at, id)`);
    await db.query(`CREATE INDEX nurture_enrolments_sequence_email_idx ON nurture_enrolments (sequence_id, lower(email))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX nurture_enrolments_sequence_email_idx`);
    await db.query(`DROP INDEX nurture_enrolments_sequence_status_idx`);
    await db.query(`DROP INDEX nurture_enrolments_sequence_idx`);
  }
}
