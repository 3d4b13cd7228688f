import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { bool, defineRow, defineTable, int, oneOf, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';
import type { LeadFilter } from './dto/leads.args';
import type { LeadSource, LeadStatus } from './lead.model';

/**
 * The values of the status and source columns, under the names LeadStatus
 * and LeadSource give them (checked against both). Spelled out here so that
 * reading leads does not load the GraphQL model: the CSV import runs without
 * Nest, and its memory is mostly the libraries it loads.
 */
const STATUS = { NEW: 'new', CONTACTED: 'contacted', QUALIFIED: 'qualified', UNQUALIFIED: 'unqualified', CONVERTED: 'converted' } as const satisfies {
  [K in keyof typeof LeadStatus]: `${(typeof LeadStatus)[K]}`;
};
const SOURCE = { WEB_FORM: 'web_form', IMPORT: 'import', MANUAL: 'manual', CONTENT_DOWNLOAD: 'content_download' } as const satisfies {
  [K in keyof typeof LeadSource]: `${(typeof LeadSource)[K]}`;
};

/** The leads table: its columns, row type and reading. Only the leads area touches it. */
export const leads = defineTable('leads', 'l', {
  id: uuid(),
  email: text(),
  phone: text().nullable(),
  firstName: text(),
  lastName: text(),
  company: text().nullable(),
  status: oneOf(STATUS),
  source: oneOf(SOURCE),
  ownerId: text().nullable(),
  convertedAt: timestamptz().nullable(),
  convertedCustomerId: uuid().nullable(),
  convertedContactId: uuid().nullable(),
  convertedDealId: uuid().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});

export type LeadRow = RowOf<typeof leads>;

/** Fields of a lead a user may change, with their columns. */
export const LEAD_FIELDS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  phone: 'phone',
  status: 'status',
  ownerId: 'owner_id',
} as const;
export type LeadField = keyof typeof LEAD_FIELDS;

/** A lead a command inserts; the status starts as `new`. */
export type NewLeadRow = Pick<LeadRow, 'id' | 'email' | 'firstName' | 'lastName' | 'company' | 'phone' | 'source' | 'ownerId'>;

/** What a capture fills on a lead that lacks it: empty names, a missing company. */
export type LeadGaps = Pick<LeadRow, 'firstName' | 'lastName' | 'company'>;

/** The records a conversion made or linked. */
export interface LeadConversionTargets {
  customerId: string;
  contactId: string;
  dealId: string | null;
}

/** The indexed name order of leads (leads_name_id_idx). */
export const LEAD_NAME_ORDER = `lower(l.last_name || ' ' || l.first_name)`;

/** How a read holds the row it returns until the caller commits. */
export type LeadLock = 'none' | 'update' | 'key share, skip locked';

const LOCKS: Record<LeadLock, string> = { none: '', update: 'FOR UPDATE', 'key share, skip locked': 'FOR KEY SHARE SKIP LOCKED' };

const NOW = `date_trunc('milliseconds', now())`;
const TOUCHED = `updated_at = greatest(${NOW}, updated_at)`;
const RETURNING = `RETURNING ${leads.columnsAs('leads')}`;

/**
 * A lead a batch writes (the CSV import): a new one under a fresh id, or the
 * one its email names. Null company and phone keep the stored value; the
 * source is set on a new lead only (none: `import`).
 */
export interface LeadUpsert {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phone: string | null;
  status: `${LeadStatus}`;
  source: `${LeadSource}` | null;
}

/** The 1-based position in a batch's input a row answers for, and whether an upsert inserted it. */
const batchPosition = defineRow('lead batch position', { n: int() });
const upserted = defineRow('lead upsert', { inserted: bool() });

/** The SQL of the leads area; every row read through the table definition. */
export const leadsRepository = {
  /** The new row, or none when another lead holds the email (case-insensitively). */
  insert(db: Queryable, row: NewLeadRow): Promise<LeadRow | undefined> {
    return leads.one(
      db,
      `INSERT INTO leads (id, email, first_name, last_name, company, phone, source, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (lower(email)) DO NOTHING ${RETURNING}`,
      [row.id, row.email, row.firstName, row.lastName, row.company, row.phone, row.source, row.ownerId],
    );
  },

  /**
   * Fills what the lead holding the email lacks (empty names, no company)
   * from `gaps`; a converted lead is final. The row as it now is, or none
   * when there was nothing to fill.
   */
  fillGaps(db: Queryable, email: string, gaps: LeadGaps): Promise<LeadRow | undefined> {
    return leads.one(
      db,
      `UPDATE leads SET
          first_name = CASE WHEN first_name = '' THEN $2 ELSE first_name END,
          last_name = CASE WHEN last_name = '' THEN $3 ELSE last_name END,
          company = coalesce(company, $4),
          ${TOUCHED}
        WHERE lower(email) = lower($1) AND status <> 'converted'
          AND ((first_name = '' AND $2 <> '') OR (last_name = '' AND $3 <> '') OR (company IS NULL AND $4::text IS NOT NULL))
        ${RETURNING}`,
      [email, gaps.firstName, gaps.lastName, gaps.company],
    );
  },

  byId(db: Queryable, id: string, lock: LeadLock = 'none'): Promise<LeadRow | undefined> {
    return leads.one(db, `SELECT ${leads.columns} FROM leads l WHERE l.id = $1 ${LOCKS[lock]}`, [id]);
  },

  /** The lead holding the email (case-insensitively), other than `exceptId`. */
  withEmail(db: Queryable, email: string, exceptId?: string): Promise<LeadRow | undefined> {
    return leads.one(db, `SELECT ${leads.columns} FROM leads l WHERE lower(l.email) = lower($1) AND ($2::uuid IS NULL OR l.id <> $2::uuid)`, [
      email,
      exceptId ?? null,
    ]);
  },

  /** Sets the given fields (values in the same order) and answers the row as it now is. */
  async write(db: Queryable, id: string, fields: readonly LeadField[], values: readonly unknown[]): Promise<LeadRow> {
    const sets = fields.map((field, i) => `${LEAD_FIELDS[field]} = $${i + 2}`);
    const row = await leads.one(db, `UPDATE leads SET ${sets.join(', ')}, ${TOUCHED} WHERE id = $1 ${RETURNING}`, [id, ...values]);
    if (!row) throw new Error(`leads: ${id} vanished while locked`);
    return row;
  },

  /** Marks the lead converted into these records, now. */
  async markConverted(db: Queryable, id: string, into: LeadConversionTargets): Promise<LeadRow> {
    const row = await leads.one(
      db,
      `UPDATE leads SET status = 'converted', converted_at = ${NOW},
          converted_customer_id = $2, converted_contact_id = $3, converted_deal_id = $4,
          ${TOUCHED}
        WHERE id = $1 ${RETURNING}`,
      [id, into.customerId, into.contactId, into.dealId],
    );
    if (!row) throw new Error(`leads: ${id} vanished while locked`);
    return row;
  },

  /** Leads converted into contacts `fromIds` name `toId` instead (a contact merge). */
  async reassignConvertedContact(db: Queryable, fromIds: readonly string[], toId: string): Promise<void> {
    await db.query(`UPDATE leads SET converted_contact_id = $1 WHERE converted_contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  },

  /**
   * The list's filtered query: leads under alias l, every column selected
   * (the caller adds the sort and the page). `tsquery`: the search, as
   * prefixTsQuery made it. `personalData`: the reader may see emails.
   * Without it the search must not match emails either, or it would reveal
   * them a prefix at a time: the indexed search narrows, the words are then
   * checked against name and company alone.
   */
  listQuery(dataSource: DataSource, filter: LeadFilter | null | undefined, tsquery: string | null, personalData: boolean): SelectQueryBuilder<ObjectLiteral> {
    const query = dataSource.createQueryBuilder().select(leads.columns).from('leads', 'l');
    if (tsquery) query.andWhere(`l.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (tsquery && !personalData) {
      query.andWhere(`to_tsvector('simple', l.first_name || ' ' || l.last_name || ' ' || coalesce(l.company, '')) @@ to_tsquery('simple', :tsquery)`);
    }
    if (filter?.status) query.andWhere('l.status = :status', { status: filter.status });
    if (filter?.source) query.andWhere('l.source = :source', { source: filter.source });
    if (filter?.ownerId) query.andWhere('l.owner_id = :ownerId', { ownerId: filter.ownerId });
    return query;
  },

  /**
   * A batch's leads by email (case-insensitively), aligned with `emails`
   * (none where no lead holds it), locked FOR UPDATE until the caller
   * commits so what a batch decides from them stays true. One statement.
   */
  async lockByEmailsIn(db: Queryable, emails: readonly string[]): Promise<(LeadRow | undefined)[]> {
    const found = new Array<LeadRow | undefined>(emails.length).fill(undefined);
    const rows = returnedRows(
      await db.query(
        `SELECT i.n::int AS n, ${leads.columns}
           FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
           JOIN leads l ON lower(l.email) = lower(i.email)
            FOR UPDATE OF l`,
        [emails],
      ),
    );
    for (const raw of rows) found[batchPosition.read(raw).n - 1] = leads.read(raw);
    return found;
  },

  /**
   * Inserts or updates (by lower(email)) a batch of leads in one statement.
   * A lead converted meanwhile is left as it is and not answered: the
   * answer holds each row written, and whether it was inserted.
   */
  async upsertBatchIn(db: Queryable, rows: readonly LeadUpsert[]): Promise<{ lead: LeadRow; inserted: boolean }[]> {
    if (!rows.length) return [];
    const column = <K extends keyof LeadUpsert>(key: K) => rows.map((row) => row[key]);
    const written = returnedRows(
      await db.query(
        `INSERT INTO leads (id, email, first_name, last_name, company, phone, status, source)
         SELECT t.id, t.email, t.first_name, t.last_name, t.company, t.phone, t.status, coalesce(t.source, 'import')
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
             AS t(id, email, first_name, last_name, company, phone, status, source)
         ON CONFLICT (lower(email)) DO UPDATE SET
           first_name = EXCLUDED.first_name,
           last_name = EXCLUDED.last_name,
           company = coalesce(EXCLUDED.company, leads.company),
           phone = coalesce(EXCLUDED.phone, leads.phone),
           status = EXCLUDED.status,
           updated_at = date_trunc('milliseconds', now())
         WHERE leads.status <> 'converted'
         RETURNING ${leads.columnsAs('leads')}, (xmax = 0) AS inserted`,
        [column('id'), column('email'), column('firstName'), column('lastName'), column('company'), column('phone'), column('status'), column('source')],
      ),
    );
    return written.map((raw) => ({ lead: leads.read(raw), inserted: upserted.read(raw).inserted }));
  },
};
