import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded files: what was checked of their bytes (type, size, image dimensions) and where storage keeps them. */
export class Assets1764300003000 implements MigrationInterface {
  name = 'Assets1764300003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY,
        file_name text NOT NULL,
        mime_type text NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        width int,
        height int,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    await db.query(`CREATE INDEX assets_created_at_id_idx ON assets (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE assets`);
  }
}
