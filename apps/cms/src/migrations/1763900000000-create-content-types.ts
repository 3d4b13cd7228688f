import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContentTypes1763900000000 implements MigrationInterface {
  name = 'CreateContentTypes1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE content_types (
        id uuid PRIMARY KEY,
        api_id text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          -- keyset cursors carry a JavaScript Date: keep the precision they can hold
          CHECK (created_at = date_trunc('milliseconds', created_at)),
        CONSTRAINT content_types_api_id_key UNIQUE (api_id)
      )`);
    await db.query(`CREATE INDEX content_types_created_at_id_idx ON content_types (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE content_types`);
  }
}
