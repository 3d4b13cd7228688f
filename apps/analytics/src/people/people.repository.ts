import { Injectable } from '@nestjs/common';
import { type CreatedCursor, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';

export const personProfilesTable = defineTable('person_profiles', 'p', {
  id: uuid(),
  canonicalKey: text(),
  customerId: uuid().nullable(),
  firstSeenAt: timestamptz(),
  lastSeenAt: timestamptz(),
  createdAt: timestamptz(),
});
export type PersonProfileRow = RowOf<typeof personProfilesTable>;

export interface ContentActivity {
  profileId: string;
  pagesViewed: number;
  contentDownloaded: number;
  formsSubmitted: number;
}

export interface PeopleFilter {
  customerId?: string | null;
  seenSince?: Date | null;
}

/** Reads of person profiles (the identity area writes them). */
@Injectable()
export class PeopleRepository {
  byIds(db: Queryable, ids: readonly string[]): Promise<PersonProfileRow[]> {
    return personProfilesTable.many(db, `SELECT ${personProfilesTable.columns} FROM person_profiles p WHERE p.id = ANY($1::uuid[])`, [ids]);
  }

  /** Oldest first by (created_at, id); each filter has its index (customer_id, created_at, id). */
  list(db: Queryable, filter: PeopleFilter, limit: number, after: CreatedCursor | null): Promise<PersonProfileRow[]> {
    const { sql, params } = this.listQuery(filter, limit, after);
    return personProfilesTable.many(db, sql, params);
  }

  /** The list statement, as the plan spec explains it. */
  listQuery(filter: PeopleFilter, limit: number, after: CreatedCursor | null): { sql: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.customerId) where.push(`p.customer_id = ${param(filter.customerId)}::uuid`);
    if (filter.seenSince) where.push(`p.last_seen_at >= ${param(filter.seenSince)}`);
    if (after) where.push(`(p.created_at, p.id) > (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
    return {
      sql: `SELECT ${personProfilesTable.columns} FROM person_profiles p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY p.created_at, p.id LIMIT ${param(limit)}`,
      params,
    };
  }

  async idsOfCustomerIn(db: Queryable, customerId: string): Promise<string[]> {
    return ((await db.query(`SELECT id FROM person_profiles WHERE customer_id = $1`, [customerId])) as { id: string }[]).map((r) => r.id);
  }

  /** The people of each customer (at most `limit` each), for Customer.profile. */
  async byCustomers(db: Queryable, customerIds: readonly string[], limit: number): Promise<PersonProfileRow[]> {
    return personProfilesTable.many(
      db,
      `SELECT ${personProfilesTable.columnsAs('p')} FROM unnest($1::uuid[]) c(id)
        CROSS JOIN LATERAL (SELECT * FROM person_profiles x WHERE x.customer_id = c.id ORDER BY x.created_at, x.id LIMIT $2) p`,
      [customerIds, limit],
    );
  }

  /** Each profile's traits (latest value per trait) with when it was stated. */
  async traitsOf(db: Queryable, profileIds: readonly string[]) {
    return (await db.query(
      `SELECT DISTINCT ON (i.profile_id, o.trait) i.profile_id AS "profileId", o.trait AS name, o.value::text AS value, o.observed_at AS "observedAt"
         FROM identities i JOIN trait_observations o ON o.key = i.key
        WHERE i.profile_id = ANY($1::uuid[])
        ORDER BY i.profile_id, o.trait, o.observed_at DESC, o.event_id DESC`,
      [profileIds],
    )) as { profileId: string; name: string; value: string; observedAt: Date }[];
  }

  /** Days with a tracked call in the last `days` days, per profile (by its user ids and devices). */
  async activeDays(db: Queryable, profileIds: readonly string[], days: number): Promise<Map<string, number>> {
    const rows = (await db.query(
      `SELECT profile_id AS "profileId", count(DISTINCT day)::int AS days FROM (
         SELECT i.profile_id, date_trunc('day', e."timestamp") AS day FROM identities i JOIN raw_events e ON e.user_id = i.value
          WHERE i.profile_id = ANY($1::uuid[]) AND i.kind = 'user_id' AND e."timestamp" >= now() - $2::int * interval '1 day'
         UNION ALL
         SELECT i.profile_id, date_trunc('day', e."timestamp") FROM identities i JOIN raw_events e ON e.anonymous_id = i.value
          WHERE i.profile_id = ANY($1::uuid[]) AND i.kind = 'anonymous_id' AND e."timestamp" >= now() - $2::int * interval '1 day'
       ) active GROUP BY profile_id`,
      [profileIds, days],
    )) as { profileId: string; days: number }[];
    return new Map(rows.map((r) => [r.profileId, r.days]));
  }

  /**
   * The newest `limit` timeline entries of each profile before a position:
   * its tracked calls (by its user ids and devices, each once) and the
   * person events naming its email. One statement for a batch of profiles.
   */
  async timelines(db: Queryable, profileIds: readonly string[], limit: number, before: { at: Date; key: string } | null) {
    return (await db.query(
      `SELECT p.id AS "profileId", t.at, t.key, t.type, t.name FROM unnest($1::uuid[]) p(id)
        CROSS JOIN LATERAL (
          SELECT * FROM (
            SELECT e."timestamp" AS at, 't:' || e.seq AS key, e.type, coalesce(e.event, e.name) AS name
              FROM identities i JOIN raw_events e ON e.user_id = i.value WHERE i.profile_id = p.id AND i.kind = 'user_id'
            UNION
            SELECT e."timestamp", 't:' || e.seq, e.type, coalesce(e.event, e.name)
              FROM identities i JOIN raw_events e ON e.anonymous_id = i.value WHERE i.profile_id = p.id AND i.kind = 'anonymous_id'
            UNION ALL
            SELECT d.occurred_at, 'd:' || d.event_id, d.type, coalesce(d.data->>'contentTitle', d.data->>'formName')
              FROM identities i JOIN domain_events d ON lower(d.data->>'email') = i.value
             WHERE i.profile_id = p.id AND i.kind = 'email' AND d.type IN ('cms.content.downloaded', 'cms.form.submitted', 'crm.lead.created')
          ) entries
          WHERE $3::timestamptz IS NULL OR (entries.at, entries.key) < ($3::timestamptz, $4::text)
          ORDER BY entries.at DESC, entries.key DESC LIMIT $2
        ) t
        ORDER BY p.id, t.at DESC, t.key DESC`,
      [profileIds, limit, before?.at ?? null, before?.key ?? null],
    )) as { profileId: string; at: Date; key: string; type: string; name: string | null }[];
  }

  /** Per profile: pages and screens viewed (tracked), content downloaded and forms submitted (reported by cms with its email). */
  async contentActivity(db: Queryable, profileIds: readonly string[]) {
    return (await db.query(
      `SELECT p.id AS "profileId",
              (SELECT count(*) FROM (
                 SELECT e.seq, e.received_at FROM identities i JOIN raw_events e ON e.user_id = i.value
                  WHERE i.profile_id = p.id AND i.kind = 'user_id' AND e.type IN ('page', 'screen')
                 UNION
                 SELECT e.seq, e.received_at FROM identities i JOIN raw_events e ON e.anonymous_id = i.value
                  WHERE i.profile_id = p.id AND i.kind = 'anonymous_id' AND e.type IN ('page', 'screen')) v)::int AS "pagesViewed",
              (SELECT count(*) FROM identities i JOIN domain_events d ON lower(d.data->>'email') = i.value
                WHERE i.profile_id = p.id AND i.kind = 'email' AND d.type = 'cms.content.downloaded')::int AS "contentDownloaded",
              (SELECT count(*) FROM identities i JOIN domain_events d ON lower(d.data->>'email') = i.value
                WHERE i.profile_id = p.id AND i.kind = 'email' AND d.type = 'cms.form.submitted')::int AS "formsSubmitted"
         FROM unnest($1::uuid[]) p(id)`,
      [profileIds],
    )) as ContentActivity[];
  }

  /** A trait's history on one profile, newest first. */
  async traitHistory(db: Queryable, profileId: string, trait: string, limit: number) {
    return (await db.query(
      `SELECT o.trait AS name, o.value::text AS value, o.observed_at AS "observedAt"
         FROM identities i JOIN trait_observations o ON o.key = i.key
        WHERE i.profile_id = $1 AND o.trait = $2 ORDER BY o.observed_at DESC, o.event_id DESC LIMIT $3`,
      [profileId, trait, limit],
    )) as { name: string; value: string; observedAt: Date }[];
  }
}
