import { Injectable } from '@nestjs/common';
import { bool, type CreatedCursor, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { ruleSql, type SegmentRule } from './segment-rules';

export const segmentsTable = defineTable('segments', 's', {
  id: uuid(),
  name: text(),
  timeWindow: bool(),
  createdAt: timestamptz(),
});
export type SegmentRow = RowOf<typeof segmentsTable> & { rule: SegmentRule };

export const membersTable = defineTable('segment_members', 'm', {
  segmentId: uuid(),
  profileId: uuid(),
  customerId: uuid().nullable(),
  enteredAt: timestamptz(),
});
export type MemberRow = RowOf<typeof membersTable>;

const withRule = (row: RowOf<typeof segmentsTable>, raw: unknown): SegmentRow => ({ ...row, rule: (raw as { rule: SegmentRule }).rule });

/** All SQL of segments and their members. */
@Injectable()
export class SegmentsRepository {
  private async rows(db: Queryable, sql: string, params: unknown[]): Promise<SegmentRow[]> {
    const raw = (await db.query(sql, params)) as unknown[];
    return raw.map((r) => withRule(segmentsTable.read(r), r));
  }

  async insert(db: Queryable, id: string, name: string, rule: SegmentRule, timeWindow: boolean): Promise<SegmentRow | undefined> {
    const [row] = await this.rows(
      db,
      `INSERT INTO segments AS s (id, name, rule, time_window) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING ${segmentsTable.columns}, s.rule`,
      [id, name, JSON.stringify(rule), timeWindow],
    );
    return row;
  }

  byIds(db: Queryable, ids: readonly string[]): Promise<SegmentRow[]> {
    return this.rows(db, `SELECT ${segmentsTable.columns}, s.rule FROM segments s WHERE s.id = ANY($1::uuid[])`, [ids]);
  }

  byName(db: Queryable, name: string): Promise<SegmentRow[]> {
    return this.rows(db, `SELECT ${segmentsTable.columns}, s.rule FROM segments s WHERE s.name = $1`, [name]);
  }

  all(db: Queryable, onlyTimed = false): Promise<SegmentRow[]> {
    return this.rows(db, `SELECT ${segmentsTable.columns}, s.rule FROM segments s ${onlyTimed ? 'WHERE s.time_window' : ''} ORDER BY s.created_at, s.id`, []);
  }

  list(db: Queryable, limit: number, after: CreatedCursor | null): Promise<SegmentRow[]> {
    return this.rows(
      db,
      `SELECT ${segmentsTable.columns}, s.rule FROM segments s ${after ? 'WHERE (s.created_at, s.id) > ($2::timestamptz, $3::uuid)' : ''} ORDER BY s.created_at, s.id LIMIT $1`,
      after ? [limit, after.at, after.id] : [limit],
    );
  }

  /** The profiles (among `profileIds`, or all when null) the rule matches, with their customer. */
  async matching(db: Queryable, rule: SegmentRule, profileIds: readonly string[] | null): Promise<Map<string, string | null>> {
    const params: unknown[] = [profileIds];
    const condition = ruleSql(rule, params);
    const rows = (await db.query(
      `SELECT p.id, p.customer_id FROM person_profiles p WHERE ($1::uuid[] IS NULL OR p.id = ANY($1::uuid[])) AND ${condition}`,
      params,
    )) as { id: string; customer_id: string | null }[];
    return new Map(rows.map((r) => [r.id, r.customer_id]));
  }

  /** The current members (among `profileIds`, or all when null). */
  members(db: Queryable, segmentId: string, profileIds: readonly string[] | null): Promise<MemberRow[]> {
    return membersTable.many(
      db,
      `SELECT ${membersTable.columns} FROM segment_members m WHERE m.segment_id = $1 AND ($2::uuid[] IS NULL OR m.profile_id = ANY($2::uuid[]))`,
      [segmentId, profileIds],
    );
  }

  async enter(db: Queryable, segmentId: string, members: { profileId: string; customerId: string | null }[], at: Date): Promise<void> {
    if (!members.length) return;
    await db.query(
      `INSERT INTO segment_members (segment_id, profile_id, customer_id, entered_at)
       SELECT $1, * , date_trunc('milliseconds', $4::timestamptz) FROM unnest($2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
      [segmentId, members.map((m) => m.profileId), members.map((m) => m.customerId), at],
    );
  }

  async exit(db: Queryable, segmentId: string, profileIds: string[]): Promise<void> {
    if (!profileIds.length) return;
    await db.query(`DELETE FROM segment_members WHERE segment_id = $1 AND profile_id = ANY($2::uuid[])`, [segmentId, profileIds]);
  }

  page(db: Queryable, segmentId: string, limit: number, after: CreatedCursor | null): Promise<MemberRow[]> {
    return membersTable.many(
      db,
      `SELECT ${membersTable.columns} FROM segment_members m WHERE m.segment_id = $1 ${after ? 'AND (m.entered_at, m.profile_id) > ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY m.entered_at, m.profile_id LIMIT $2`,
      after ? [segmentId, limit, after.at, after.id] : [segmentId, limit],
    );
  }

  async size(db: Queryable, segmentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = (await db.query(`SELECT segment_id, count(*)::int AS n FROM segment_members WHERE segment_id = ANY($1::uuid[]) GROUP BY segment_id`, [
      segmentIds,
    ])) as {
      segment_id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.segment_id, r.n]));
  }
}
