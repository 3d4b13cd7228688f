import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forms attached to content, what visitors submitted (with the consent text
 * and version they agreed to), and gated downloads with the single-use
 * tokens that fetch their file.
 */
export class FormsAndSubmissions1764300004000 implements MigrationInterface {
  name = 'FormsAndSubmissions1764300004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE forms (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        entry_id uuid REFERENCES entries (id),
        fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'array'),
        consent_text text NOT NULL,
        consent_version text NOT NULL,
        -- a gated download: the file a submission unlocks
        gated_asset_id uuid REFERENCES assets (id),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at)),
        CHECK (gated_asset_id IS NULL OR entry_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX forms_created_at_id_idx ON forms (created_at, id)`);
    await db.query(`
      CREATE TABLE form_submissions (
        id uuid PRIMARY KEY,
        form_id uuid NOT NULL REFERENCES forms (id),
        email text NOT NULL,
        first_name text,
        last_name text,
        company text,
        anonymous_id text,
        fields jsonb NOT NULL,
        consent_text text NOT NULL,
        consent_version text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (submitted_at = date_trunc('milliseconds', submitted_at))
      )`);
    await db.query(`CREATE INDEX form_submissions_form_idx ON form_submissions (form_id, submitted_at, id)`);
    await db.query(`
      CREATE TABLE downloads (
        id uuid PRIMARY KEY,
        submission_id uuid NOT NULL REFERENCES form_submissions (id),
        entry_id uuid NOT NULL REFERENCES entries (id),
        asset_id uuid NOT NULL REFERENCES assets (id),
        -- sha256 of the token in the download link: the link itself is never stored
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        fetches int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE downloads`);
    await db.query(`DROP TABLE form_submissions`);
    await db.query(`DROP TABLE forms`);
  }
}
