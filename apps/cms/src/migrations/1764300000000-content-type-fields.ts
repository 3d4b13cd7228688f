import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Content types carry their fields as data, and whether their entries need review before publishing. */
export class ContentTypeFields1764300000000 implements MigrationInterface {
  name = 'ContentTypeFields1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE content_types
        ADD COLUMN fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fields) = 'array'),
        ADD COLUMN review_required boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE content_types DROP COLUMN fields, DROP COLUMN review_required, DROP COLUMN updated_at`);
  }
}
