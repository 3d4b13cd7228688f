import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The email a merged-away contact had, so the address keeps leading to the
 * survivor: a re-run import or a lead conversion finds the person instead of
 * recreating the duplicate that was merged away.
 */
export class ContactMergeEmails1763900009000 implements MigrationInterface {
  name = 'ContactMergeEmails1763900009000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contact_merges ADD COLUMN merged_email text CHECK (length(merged_email) BETWEEN 3 AND 320)`);
    await db.query(`CREATE INDEX contact_merges_email_idx ON contact_merges (lower(merged_email), merged_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX contact_merges_email_idx`);
    await db.query(`ALTER TABLE contact_merges DROP COLUMN merged_email`);
  }
}
