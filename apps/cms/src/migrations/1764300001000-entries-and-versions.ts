import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entries (one row per locale variant) and their versions. The draft is the
 * latest version; the live one is published_version, kept apart so editing
 * a published entry never changes what visitors see.
 */
export class EntriesAndVersions1764300001000 implements MigrationInterface {
  name = 'EntriesAndVersions1764300001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE entries (
        id uuid PRIMARY KEY,
        content_type_id uuid NOT NULL REFERENCES content_types (id),
        -- the variants of one piece of content in several locales share it
        group_id uuid NOT NULL,
        locale text NOT NULL,
        slug text NOT NULL,
        published_slug text,
        draft_version int NOT NULL CHECK (draft_version >= 1),
        published_version int CHECK (published_version BETWEEN 1 AND draft_version),
        published_at timestamptz,
        review_state text NOT NULL DEFAULT 'DRAFT' CHECK (review_state IN ('DRAFT', 'IN_REVIEW', 'APPROVED')),
        approved_by text,
        approved_version int,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at)),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK ((published_version IS NULL) = (published_slug IS NULL) AND (published_version IS NULL) = (published_at IS NULL)),
        CONSTRAINT entries_slug_key UNIQUE (content_type_id, locale, slug),
        CONSTRAINT entries_group_locale_key UNIQUE (group_id, locale)
      )`);
    await db.query(`CREATE UNIQUE INDEX entries_published_slug_key ON entries (content_type_id, locale, published_slug) WHERE published_slug IS NOT NULL`);
    await db.query(`CREATE INDEX entries_type_created_idx ON entries (content_type_id, created_at, id)`);
    await db.query(`CREATE INDEX entries_published_idx ON entries (content_type_id, locale, published_at, id) WHERE published_version IS NOT NULL`);
    await db.query(`
      CREATE TABLE entry_versions (
        entry_id uuid NOT NULL REFERENCES entries (id),
        version int NOT NULL CHECK (version >= 1),
        title text NOT NULL,
        slug text NOT NULL,
        seo jsonb NOT NULL DEFAULT '{}',
        data jsonb NOT NULL,
        changed_fields text[] NOT NULL,
        -- the version this one restored, when it is a revert
        reverted_from int,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (entry_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE entry_versions`);
    await db.query(`DROP TABLE entries`);
  }
}
