import { Injectable } from '@nestjs/common';
import { defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import type { IdKey } from './identity-rules';

export const identitiesTable = defineTable('identities', 'i', {
  key: text(),
  kind: text(),
  value: text(),
  profileId: uuid(),
  firstSeenAt: timestamptz(),
  lastSeenAt: timestamptz(),
});
export type IdentityRow = RowOf<typeof identitiesTable>;

const keys = (rows: unknown) => (rows as { key: string }[]).map((r) => r.key);

/** All SQL of the identity graph's tables. */
@Injectable()
export class IdentityRepository {
  async suppressedAmong(db: Queryable, ids: IdKey[]): Promise<Set<IdKey>> {
    if (!ids.length) return new Set();
    return new Set(
      keys(
        await db.query(
          `SELECT s.kind || ':' || s.value AS key FROM suppressed_identifiers s JOIN unnest($1::text[]) k(key) ON k.key = s.kind || ':' || s.value`,
          [ids],
        ),
      ),
    );
  }

  /** New identifiers get a provisional profile (their own); recompute assigns the real one in the same transaction. */
  async upsertSeen(db: Queryable, seen: { key: IdKey; kind: string; value: string; profileId: string; first: Date; last: Date }[]): Promise<void> {
    if (!seen.length) return;
    await db.query(
      `INSERT INTO identities AS i (key, kind, value, profile_id, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (key) DO UPDATE SET first_seen_at = least(i.first_seen_at, excluded.first_seen_at), last_seen_at = greatest(i.last_seen_at, excluded.last_seen_at)`,
      [
        seen.map((s) => s.key),
        seen.map((s) => s.kind),
        seen.map((s) => s.value),
        seen.map((s) => s.profileId),
        seen.map((s) => s.first),
        seen.map((s) => s.last),
      ],
    );
  }

  async insertLinks(db: Queryable, links: [IdKey, IdKey][]): Promise<void> {
    if (!links.length) return;
    await db.query(`INSERT INTO identity_links (a, b) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [
      links.map((l) => l[0]),
      links.map((l) => l[1]),
    ]);
  }

  async insertTraits(db: Queryable, traits: { key: IdKey; trait: string; value: unknown; at: Date; eventId: string }[]): Promise<void> {
    if (!traits.length) return;
    await db.query(
      `INSERT INTO trait_observations (key, trait, value, observed_at, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::text[]) ON CONFLICT DO NOTHING`,
      [traits.map((t) => t.key), traits.map((t) => t.trait), traits.map((t) => JSON.stringify(t.value)), traits.map((t) => t.at), traits.map((t) => t.eventId)],
    );
  }

  /** The latest report of a contact's customer wins (by time, then event id), whatever order they come in. */
  async upsertContactCustomers(db: Queryable, rows: { contactId: string; customerId: string | null; at: Date; eventId: string }[]): Promise<void> {
    for (const row of rows) {
      await db.query(
        `INSERT INTO contact_customers AS c (contact_id, customer_id, observed_at, event_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (contact_id) DO UPDATE SET customer_id = excluded.customer_id, observed_at = excluded.observed_at, event_id = excluded.event_id
          WHERE (excluded.observed_at, excluded.event_id) > (c.observed_at, c.event_id)`,
        [row.contactId, row.customerId, row.at, row.eventId],
      );
    }
  }

  /** Every identifier connected to these by any link (taken or not) or admin merge: what a recompute must look at. */
  async componentOf(db: Queryable, seeds: IdKey[]): Promise<IdKey[]> {
    return keys(
      await db.query(
        `WITH RECURSIVE comp(key) AS (
           SELECT unnest($1::text[])
           UNION
           SELECT n.key FROM comp c CROSS JOIN LATERAL (
             SELECT l.b AS key FROM identity_links l WHERE l.a = c.key
             UNION ALL SELECT l.a FROM identity_links l WHERE l.b = c.key
             UNION ALL SELECT m.b FROM identity_merges m WHERE m.a = c.key
             UNION ALL SELECT m.a FROM identity_merges m WHERE m.b = c.key) n
         )
         SELECT c.key FROM comp c JOIN identities i ON i.key = c.key`,
        [seeds],
      ),
    );
  }

  async graphOf(db: Queryable, component: IdKey[]) {
    const pairs = async (table: string) =>
      ((await db.query(`SELECT a, b FROM ${table} WHERE a = ANY($1::text[])`, [component])) as { a: string; b: string }[]).map(
        (r) => [r.a, r.b] as [IdKey, IdKey],
      );
    return {
      edges: await pairs('identity_links'),
      forced: await pairs('identity_merges'),
      detached: keys(await db.query(`SELECT key FROM identity_splits WHERE key = ANY($1::text[])`, [component])),
    };
  }

  async profilesOf(db: Queryable, component: IdKey[]): Promise<string[]> {
    return ((await db.query(`SELECT DISTINCT profile_id FROM identities WHERE key = ANY($1::text[])`, [component])) as { profile_id: string }[]).map(
      (r) => r.profile_id,
    );
  }

  async assign(db: Queryable, assignments: { key: IdKey; profileId: string }[]): Promise<void> {
    if (!assignments.length) return;
    await db.query(
      `UPDATE identities i SET profile_id = a.profile_id FROM unnest($1::text[], $2::uuid[]) a(key, profile_id)
        WHERE i.key = a.key AND i.profile_id IS DISTINCT FROM a.profile_id`,
      [assignments.map((a) => a.key), assignments.map((a) => a.profileId)],
    );
  }

  /**
   * Rewrites each profile from its identifiers: traits (latest observation of
   * each trait wins), first/last seen, the crm customer of its contact;
   * profiles left without identifiers go.
   */
  async refreshProfiles(db: Queryable, profiles: { id: string; canonical: IdKey }[], gone: string[]): Promise<void> {
    if (gone.length) {
      await db.query(`DELETE FROM person_profiles p WHERE p.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.profile_id = p.id)`, [
        gone,
      ]);
    }
    if (!profiles.length) return;
    await db.query(
      `INSERT INTO person_profiles AS pp (id, canonical_key, customer_id, traits, first_seen_at, last_seen_at)
       SELECT p.id, p.canonical,
              (SELECT cc.customer_id FROM identities i JOIN contact_customers cc ON cc.contact_id = i.value
                WHERE i.profile_id = p.id AND i.kind = 'contact_id' ORDER BY cc.observed_at DESC, cc.event_id DESC LIMIT 1),
              coalesce((SELECT jsonb_object_agg(t.trait, t.value) FROM (
                 SELECT DISTINCT ON (o.trait) o.trait, o.value FROM trait_observations o JOIN identities i ON i.key = o.key
                  WHERE i.profile_id = p.id ORDER BY o.trait, o.observed_at DESC, o.event_id DESC) t), '{}'::jsonb),
              s.first_seen_at, s.last_seen_at
         FROM unnest($1::uuid[], $2::text[]) AS p(id, canonical)
         CROSS JOIN LATERAL (SELECT min(i.first_seen_at) AS first_seen_at, max(i.last_seen_at) AS last_seen_at FROM identities i WHERE i.profile_id = p.id) s
       ON CONFLICT (id) DO UPDATE SET canonical_key = excluded.canonical_key, customer_id = excluded.customer_id, traits = excluded.traits,
              first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at`,
      [profiles.map((p) => p.id), profiles.map((p) => p.canonical)],
    );
  }

  identitiesOfProfiles(db: Queryable, profileIds: readonly string[]): Promise<IdentityRow[]> {
    return identitiesTable.many(
      db,
      `SELECT ${identitiesTable.columns} FROM identities i WHERE i.profile_id = ANY($1::uuid[]) ORDER BY i.profile_id, i.kind, i.value`,
      [profileIds],
    );
  }

  async identityByKey(db: Queryable, key: IdKey): Promise<IdentityRow | undefined> {
    return identitiesTable.one(db, `SELECT ${identitiesTable.columns} FROM identities i WHERE i.key = $1`, [key]);
  }

  async insertMerge(db: Queryable, a: IdKey, b: IdKey): Promise<void> {
    await db.query(`INSERT INTO identity_merges (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [a, b]);
  }

  async insertSplit(db: Queryable, key: IdKey): Promise<void> {
    await db.query(`INSERT INTO identity_splits (key) VALUES ($1) ON CONFLICT DO NOTHING`, [key]);
    await db.query(`DELETE FROM identity_merges WHERE a = $1 OR b = $1`, [key]);
  }

  /** Forgets a person's identifiers and everything stated about them, and refuses them from now on. Returns their former neighbours. */
  async erase(db: Queryable, ids: IdKey[]): Promise<IdKey[]> {
    await db.query(
      `INSERT INTO suppressed_identifiers (kind, value)
       SELECT split_part(k, ':', 1), substr(k, strpos(k, ':') + 1) FROM unnest($1::text[]) k ON CONFLICT DO NOTHING`,
      [ids],
    );
    const neighbours = keys(
      await db.query(
        `SELECT DISTINCT CASE WHEN l.a = ANY($1::text[]) THEN l.b ELSE l.a END AS key FROM identity_links l
          WHERE (l.a = ANY($1::text[]) OR l.b = ANY($1::text[])) AND NOT (l.a = ANY($1::text[]) AND l.b = ANY($1::text[]))`,
        [ids],
      ),
    );
    await db.query(`DELETE FROM identity_links WHERE a = ANY($1::text[]) OR b = ANY($1::text[])`, [ids]);
    await db.query(`DELETE FROM identity_merges WHERE a = ANY($1::text[]) OR b = ANY($1::text[])`, [ids]);
    await db.query(`DELETE FROM identity_splits WHERE key = ANY($1::text[])`, [ids]);
    await db.query(`DELETE FROM trait_observations WHERE key = ANY($1::text[])`, [ids]);
    await db.query(`DELETE FROM identities WHERE key = ANY($1::text[])`, [ids]);
    return neighbours;
  }
}
