import { bool, defineRow, defineTable, int, oneOf, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';
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

export type StoredLead = RowOf<typeof leads>;

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

/** The SQL of the leads area that other areas' batches run (the CSV import). */
export const leadsRepository = {
  /**
   * A batch's leads by email (case-insensitively), aligned with `emails`
   * (none where no lead holds it), locked FOR UPDATE until the caller
   * commits so what a batch decides from them stays true. One statement.
   */
  async lockByEmailsIn(db: Queryable, emails: readonly string[]): Promise<(StoredLead | undefined)[]> {
    const found = new Array<StoredLead | undefined>(emails.length).fill(undefined);
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
  async upsertBatchIn(db: Queryable, rows: readonly LeadUpsert[]): Promise<{ lead: StoredLead; inserted: boolean }[]> {
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
