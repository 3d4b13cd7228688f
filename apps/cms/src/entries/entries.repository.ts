import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { defineRow, defineTable, int, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import { isRecord, isStringArray, json } from '../shared/json-column';
import { PublicationStatus, ReviewState } from './entry.model';

export const entriesTable = defineTable('entries', 'e', {
  id: uuid(),
  contentTypeId: uuid(),
  groupId: uuid(),
  locale: text(),
  slug: text(),
  publishedSlug: text().nullable(),
  draftVersion: int(),
  publishedVersion: int().nullable(),
  publishedAt: timestamptz().nullable(),
  reviewState: oneOf(ReviewState),
  approvedBy: text().nullable(),
  approvedVersion: int().nullable(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});
export type EntryRow = RowOf<typeof entriesTable>;

export const versionsTable = defineTable('entry_versions', 'v', {
  entryId: uuid(),
  version: int(),
  title: text(),
  slug: text(),
  seo: json(isRecord, 'an object'),
  data: json(isRecord, 'an object'),
  changedFields: json(isStringArray, 'a list of field names'),
  revertedFrom: int().nullable(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
});
export type VersionRow = RowOf<typeof versionsTable>;

const E = entriesTable.columns;
const V = versionsTable.columns;
const NOW = `date_trunc('milliseconds', now())`;

export interface NewVersion {
  entryId: string;
  version: number;
  title: string;
  slug: string;
  seo: Record<string, unknown>;
  data: Record<string, unknown>;
  changedFields: string[];
  revertedFrom: number | null;
  createdBy: string | null;
}

const referenced = defineRow('referenced entry', { id: uuid(), contentTypeId: uuid() });

/** All SQL of entries and entry_versions. */
@Injectable()
export class EntriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertIn(
    manager: EntityManager,
    entry: { id: string; contentTypeId: string; groupId: string; locale: string; slug: string; createdBy: string | null },
  ): Promise<EntryRow> {
    const row = await entriesTable.one(
      manager,
      `INSERT INTO entries AS e (id, content_type_id, group_id, locale, slug, draft_version, created_by) VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING ${E}`,
      [entry.id, entry.contentTypeId, entry.groupId, entry.locale, entry.slug, entry.createdBy],
    );
    return row!;
  }

  async insertVersionIn(manager: EntityManager, v: NewVersion): Promise<VersionRow> {
    const row = await versionsTable.one(
      manager,
      `INSERT INTO entry_versions AS v (entry_id, version, title, slug, seo, data, changed_fields, reverted_from, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${V}`,
      [v.entryId, v.version, v.title, v.slug, JSON.stringify(v.seo), JSON.stringify(v.data), v.changedFields, v.revertedFrom, v.createdBy],
    );
    return row!;
  }

  /** A new draft: the entry points at it, and any approval of an older draft lapses. */
  async setDraftIn(manager: EntityManager, id: string, version: number, slug: string): Promise<EntryRow> {
    return this.updateIn(manager, `draft_version = $2, slug = $3, review_state = 'DRAFT', approved_by = NULL, approved_version = NULL`, [id, version, slug]);
  }

  async publishIn(manager: EntityManager, id: string, version: number, slug: string): Promise<EntryRow> {
    return this.updateIn(
      manager,
      `published_version = $2, published_slug = $3, published_at = ${NOW}, review_state = 'DRAFT', approved_by = NULL, approved_version = NULL`,
      [id, version, slug],
    );
  }

  async unpublishIn(manager: EntityManager, id: string): Promise<EntryRow> {
    return this.updateIn(manager, `published_version = NULL, published_slug = NULL, published_at = NULL`, [id]);
  }

  async setReviewIn(manager: EntityManager, id: string, state: ReviewState, approvedBy: string | null, approvedVersion: number | null): Promise<EntryRow> {
    return this.updateIn(manager, `review_state = $2, approved_by = $3, approved_version = $4`, [id, state, approvedBy, approvedVersion]);
  }

  private async updateIn(manager: EntityManager, set: string, parameters: unknown[]): Promise<EntryRow> {
    const row = await entriesTable.one(manager, `UPDATE entries AS e SET ${set}, updated_at = ${NOW} WHERE e.id = $1 RETURNING ${E}`, parameters);
    if (!row) throw new Error(`entry ${String(parameters[0])} vanished under its lock`);
    return row;
  }

  lockIn(manager: EntityManager, id: string): Promise<EntryRow | undefined> {
    return entriesTable.one(manager, `SELECT ${E} FROM entries e WHERE e.id = $1 FOR UPDATE`, [id]);
  }

  /**
   * Serialises slug and unique-value checks of one type and locale: two
   * saves cannot both see a slug free and both take it.
   */
  async lockSlugsIn(manager: EntityManager, contentTypeId: string, locale: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`cms.entries:${contentTypeId}:${locale}`]);
  }

  /** Another entry of the type and locale whose draft or live version uses the slug. */
  async slugHolderIn(manager: EntityManager, contentTypeId: string, locale: string, slug: string, exceptId: string | null): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM entries WHERE content_type_id = $1 AND locale = $2 AND (slug = $3 OR published_slug = $3) AND id IS DISTINCT FROM $4 LIMIT 1`,
      [contentTypeId, locale, slug, exceptId],
    );
    return rows[0]?.id;
  }

  /** Another entry of the type and locale whose draft or live version holds this value in `field`. */
  async valueHolderIn(
    manager: EntityManager,
    contentTypeId: string,
    locale: string,
    field: string,
    value: unknown,
    exceptId: string | null,
  ): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `SELECT e.id FROM entries e JOIN entry_versions v ON v.entry_id = e.id AND v.version IN (e.draft_version, e.published_version)
        WHERE e.content_type_id = $1 AND e.locale = $2 AND v.data -> $3 = $4::jsonb AND e.id IS DISTINCT FROM $5 LIMIT 1`,
      [contentTypeId, locale, field, JSON.stringify(value), exceptId],
    );
    return rows[0]?.id;
  }

  /** The entries among these ids, with their type: what references are checked against. */
  referencedIn(manager: EntityManager, ids: readonly string[]): Promise<{ id: string; contentTypeId: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return referenced.many(manager, `SELECT e.id AS "id", e.content_type_id AS "contentTypeId" FROM entries e WHERE e.id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ]);
  }

  versionIn(db: Queryable, entryId: string, version: number): Promise<VersionRow | undefined> {
    return versionsTable.one(db, `SELECT ${V} FROM entry_versions v WHERE v.entry_id = $1 AND v.version = $2`, [entryId, version]);
  }

  /** Several entries' versions at once, by (entry id, version) pairs. */
  versionsByKeys(keys: readonly { entryId: string; version: number }[], db: Queryable = this.dataSource): Promise<VersionRow[]> {
    if (!keys.length) return Promise.resolve([]);
    return versionsTable.many(
      db,
      `SELECT ${V} FROM entry_versions v JOIN unnest($1::uuid[], $2::int[]) AS k(entry_id, version) ON (v.entry_id, v.version) = (k.entry_id, k.version)`,
      [keys.map((k) => k.entryId), keys.map((k) => k.version)],
    );
  }

  /** Several entries' versions, newest first and below `before` when given, at most `first` each, in one statement. */
  async versionsOfMany(entryIds: readonly string[], first: number, before: number | null): Promise<VersionRow[]> {
    return versionsTable.many(
      this.dataSource,
      `SELECT * FROM (
         SELECT ${V}, row_number() OVER (PARTITION BY v.entry_id ORDER BY v.version DESC) AS rn
           FROM entry_versions v WHERE v.entry_id = ANY($1::uuid[]) AND ($2::int IS NULL OR v.version < $2)
       ) page WHERE page.rn <= $3 ORDER BY page."entryId", page."version" DESC`,
      [[...new Set(entryIds)], before, first],
    );
  }

  findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<EntryRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return entriesTable.many(db, `SELECT ${E} FROM entries e WHERE e.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  findByGroupIn(db: Queryable, groupId: string): Promise<EntryRow[]> {
    return entriesTable.many(db, `SELECT ${E} FROM entries e WHERE e.group_id = $1 ORDER BY e.locale`, [groupId]);
  }

  /** A type's entries (a locale's, when given), oldest first. */
  async list(contentTypeId: string, locale: string | null, first: number, after?: string | null): Promise<Page<EntryRow>> {
    const parameters: unknown[] = [contentTypeId, locale, first + 1];
    let keyset = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      parameters.push(at, id);
      keyset = `AND (e.created_at, e.id) > ($4::timestamptz, $5::uuid)`;
    }
    const rows = await entriesTable.many(
      this.dataSource,
      `SELECT ${E} FROM entries e WHERE e.content_type_id = $1 AND ($2::text IS NULL OR e.locale = $2) ${keyset} ORDER BY e.created_at, e.id LIMIT $3`,
      parameters,
    );
    return toPage(rows, first);
  }

  /** The live entry of a type with this slug, trying the locales in order. */
  async findPublishedBySlug(contentTypeId: string, slug: string, locales: readonly string[]): Promise<EntryRow | undefined> {
    const { sql, parameters } = publishedBySlugQuery(contentTypeId, slug, locales);
    return entriesTable.one(this.dataSource, sql, parameters);
  }

  /** A type's live entries in a locale, newest published first. */
  async listPublished(contentTypeId: string, locale: string, first: number, after?: string | null): Promise<Page<EntryRow>> {
    const { sql, parameters } = publishedListQuery(contentTypeId, locale, first, after);
    return toPage(await entriesTable.many(this.dataSource, sql, parameters), first);
  }
}

/** The statement behind publishedEntry: served by entries_published_slug_key (its plan spec explains this very statement). */
export function publishedBySlugQuery(contentTypeId: string, slug: string, locales: readonly string[]): { sql: string; parameters: unknown[] } {
  return {
    sql: `SELECT ${E} FROM entries e WHERE e.content_type_id = $1 AND e.published_slug = $2 AND e.locale = ANY($3::text[])
           ORDER BY array_position($3::text[], e.locale) LIMIT 1`,
    parameters: [contentTypeId, slug, locales],
  };
}

/** The statement behind publishedEntries: served by entries_published_idx, read backwards. */
export function publishedListQuery(contentTypeId: string, locale: string, first: number, after?: string | null): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [contentTypeId, locale, first + 1];
  let keyset = '';
  if (after) {
    const { at, id } = decodeCursor(after);
    parameters.push(at, id);
    keyset = `AND (e.published_at, e.id) < ($4::timestamptz, $5::uuid)`;
  }
  return {
    sql: `SELECT ${E} FROM entries e WHERE e.content_type_id = $1 AND e.locale = $2 AND e.published_version IS NOT NULL ${keyset}
           ORDER BY e.published_at DESC, e.id DESC LIMIT $3`,
    parameters,
  };
}

const feedRow = defineRow('feed entry', {
  id: uuid(),
  contentTypeId: uuid(),
  locale: text(),
  slug: text(),
  title: text(),
  seo: json(isRecord, 'an object'),
  publishedAt: timestamptz(),
  updatedAt: timestamptz(),
});
export type FeedRow = RowOf<typeof feedRow>;

/** Live entries with their live title and SEO, newest published first (a type's or a locale's when given). */
export function liveEntries(db: Queryable, filter: { contentTypeId: string | null; locale: string | null; limit: number }): Promise<FeedRow[]> {
  return feedRow.many(
    db,
    `SELECT e.id AS "id", e.content_type_id AS "contentTypeId", e.locale AS "locale", e.published_slug AS "slug", v.title AS "title", v.seo AS "seo",
            e.published_at AS "publishedAt", e.updated_at AS "updatedAt"
       FROM entries e JOIN entry_versions v ON v.entry_id = e.id AND v.version = e.published_version
      WHERE e.published_version IS NOT NULL AND ($1::uuid IS NULL OR e.content_type_id = $1) AND ($2::text IS NULL OR e.locale = $2)
      ORDER BY e.published_at DESC, e.id DESC LIMIT $3`,
    [filter.contentTypeId, filter.locale, filter.limit],
  );
}

/** What the graph shows of an entry row: its publication status follows from its versions. */
export function toEntry(row: EntryRow): EntryRow & { status: PublicationStatus } {
  const status =
    row.publishedVersion === null
      ? PublicationStatus.DRAFT
      : row.publishedVersion === row.draftVersion
        ? PublicationStatus.PUBLISHED
        : PublicationStatus.CHANGED;
  return { ...row, status };
}
