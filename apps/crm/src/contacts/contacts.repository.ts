import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ContactFilter } from './dto/contacts.args';
import {
  bool,
  type CreatedCursor,
  defineRow,
  defineTable,
  int,
  oldestPerParent,
  type Queryable,
  returnedRows,
  type RowOf,
  text,
  timestamptz,
  uuid,
} from '@platform/database';

/** The contacts table: its columns, row type and reading. Only the contacts area touches it. */
export const contacts = defineTable('contacts', 'c', {
  id: uuid(),
  customerId: uuid().nullable(),
  firstName: text(),
  lastName: text(),
  email: text().nullable(),
  phone: text().nullable(),
  title: text().nullable(),
  ownerId: text().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});

export type ContactRow = RowOf<typeof contacts>;

/** Fields of a contact a user may change, with their columns. */
export const CONTACT_FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  customerId: 'customer_id',
  ownerId: 'owner_id',
} as const;
export type ContactField = keyof typeof CONTACT_FIELDS;

export type NewContactRow = Omit<ContactRow, 'createdAt' | 'updatedAt'>;

/** The indexed name order of contacts (contacts_name_id_idx). */
export const CONTACT_NAME_ORDER = `lower(c.last_name || ' ' || c.first_name)`;

/** How a read holds the rows it returns until the caller commits. */
export type ContactLock = 'none' | 'update' | 'key share' | 'key share, skip locked';

const LOCKS: Record<ContactLock, string> = {
  none: '',
  update: 'FOR UPDATE',
  'key share': 'FOR KEY SHARE',
  'key share, skip locked': 'FOR KEY SHARE SKIP LOCKED',
};

/** An id, or the survivor's id when it was merged away ($1 is the id). */
const CURRENT_ID = `coalesce((SELECT m.survivor_id FROM contact_merges m WHERE m.merged_id = $1::uuid), $1::uuid)`;

const TOUCHED = `updated_at = greatest(date_trunc('milliseconds', now()), updated_at)`;

/**
 * A contact a batch writes (the CSV import): a new one under a fresh id, or
 * the one its email names. Null fields keep the stored value.
 */
export interface ContactUpsert {
  id: string;
  customerId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  title: string | null;
}

/** The 1-based position in a batch's input a row answers for, and whether an upsert inserted it. */
const batchPosition = defineRow('contact batch position', { n: int() });
const upserted = defineRow('contact upsert', { inserted: bool() });

/** Rows answered by position (`n`), as an array aligned with the input. */
async function byPosition(db: Queryable, length: number, sql: string, parameters: unknown[]): Promise<(ContactRow | undefined)[]> {
  const found = new Array<ContactRow | undefined>(length).fill(undefined);
  for (const raw of returnedRows(await db.query(sql, parameters))) found[batchPosition.read(raw).n - 1] = contacts.read(raw);
  return found;
}

/** A name for messages: "Ada Lovelace". */
export const fullName = (contact: Pick<ContactRow, 'firstName' | 'lastName'>) => `${contact.firstName} ${contact.lastName}`.trim();

/** The SQL of the contacts area; every row read through the table definition. */
export const contactsRepository = {
  /** The new row, or none when another contact holds the email. */
  insert(db: Queryable, row: NewContactRow): Promise<ContactRow | undefined> {
    return contacts.one(
      db,
      `INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING ${contacts.columnsAs('contacts')}`,
      [row.id, row.customerId, row.firstName, row.lastName, row.email, row.phone, row.title, row.ownerId],
    );
  },

  byId(db: Queryable, id: string, lock: ContactLock = 'none'): Promise<ContactRow | undefined> {
    return contacts.one(db, `SELECT ${contacts.columns} FROM contacts c WHERE c.id = $1 ${LOCKS[lock]}`, [id]);
  },

  /** The contact an id names now: itself, or its survivor when it was merged away. */
  current(db: Queryable, id: string, lock: ContactLock = 'none'): Promise<ContactRow | undefined> {
    return contacts.one(db, `SELECT ${contacts.columns} FROM contacts c WHERE c.id = ${CURRENT_ID} ${LOCKS[lock]}`, [id]);
  },

  byIds(db: Queryable, ids: readonly string[]): Promise<ContactRow[]> {
    return contacts.many(db, `SELECT ${contacts.columns} FROM contacts c WHERE c.id = ANY($1::uuid[])`, [ids]);
  },

  /** Locked FOR UPDATE in id order, so two transactions locking the same contacts cannot deadlock. */
  lockInOrder(db: Queryable, ids: readonly string[]): Promise<ContactRow[]> {
    return contacts.many(db, `SELECT ${contacts.columns} FROM contacts c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE`, [ids]);
  },

  /** The contact holding the email (case-insensitively), other than `exceptId`. */
  withEmail(db: Queryable, email: string, exceptId?: string): Promise<ContactRow | undefined> {
    return contacts.one(db, `SELECT ${contacts.columns} FROM contacts c WHERE lower(c.email) = lower($1) AND ($2::uuid IS NULL OR c.id <> $2::uuid)`, [
      email,
      exceptId ?? null,
    ]);
  },

  /** The id of the contact holding the email, else of the survivor of the latest merge of a contact that had it. */
  async idForEmail(db: Queryable, email: string): Promise<string | undefined> {
    const [found] = returnedRows(
      await db.query(
        `SELECT coalesce(
           (SELECT h.id FROM contacts h WHERE lower(h.email) = lower($1)),
           (SELECT m.survivor_id FROM contact_merges m WHERE lower(m.merged_email) = lower($1) ORDER BY m.merged_at DESC LIMIT 1)) AS id`,
        [email],
      ),
    ) as { id: string | null }[];
    return found?.id ?? undefined;
  },

  /** Sets the given fields (values in the same order) and answers the row as it now is. */
  async write(db: Queryable, id: string, fields: readonly ContactField[], values: readonly unknown[]): Promise<ContactRow> {
    const sets = fields.map((field, i) => `${CONTACT_FIELDS[field]} = $${i + 2}`);
    const row = await contacts.one(db, `UPDATE contacts SET ${sets.join(', ')}, ${TOUCHED} WHERE id = $1 RETURNING ${contacts.columnsAs('contacts')}`, [
      id,
      ...values,
    ]);
    if (!row) throw new Error(`contacts: ${id} vanished while locked`);
    return row;
  },

  /** Puts a contact without a customer under `customerId`; none when it already has one. */
  adopt(db: Queryable, id: string, customerId: string): Promise<ContactRow | undefined> {
    return contacts.one(
      db,
      `UPDATE contacts SET customer_id = $2, ${TOUCHED} WHERE id = $1 AND customer_id IS NULL RETURNING ${contacts.columnsAs('contacts')}`,
      [id, customerId],
    );
  },

  async delete(db: Queryable, id: string): Promise<void> {
    await db.query(`DELETE FROM contacts WHERE id = $1`, [id]);
  },

  /** The contact an id was merged into (contact_merges always names the final survivor), or none. */
  survivorOf(db: Queryable, mergedId: string): Promise<ContactRow | undefined> {
    return contacts.one(db, `SELECT ${contacts.columns} FROM contact_merges m JOIN contacts c ON c.id = m.survivor_id WHERE m.merged_id = $1`, [mergedId]);
  },

  /** Records the merge (earlier merges into `mergedId` now name the survivor) and answers when it happened. */
  async recordMerge(db: Queryable, merge: { mergedId: string; survivorId: string; mergedBy: string | null; mergedEmail: string | null }): Promise<Date> {
    await db.query(`UPDATE contact_merges SET survivor_id = $1 WHERE survivor_id = $2`, [merge.survivorId, merge.mergedId]);
    const [row] = returnedRows(
      await db.query(`INSERT INTO contact_merges (merged_id, survivor_id, merged_by, merged_email) VALUES ($1, $2, $3, $4) RETURNING merged_at AS "mergedAt"`, [
        merge.mergedId,
        merge.survivorId,
        merge.mergedBy,
        merge.mergedEmail,
      ]),
    ) as { mergedAt: Date }[];
    return row.mergedAt;
  },

  /**
   * A batch's contacts by email (case-insensitively), aligned with `emails`
   * (none where no contact holds it), locked FOR UPDATE until the caller
   * commits so what a batch decides from them stays true. One statement.
   */
  lockByEmailsIn(db: Queryable, emails: readonly string[]): Promise<(ContactRow | undefined)[]> {
    return byPosition(
      db,
      emails.length,
      `SELECT i.n::int AS n, ${contacts.columns}
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN contacts c ON lower(c.email) = lower(i.email)
          FOR UPDATE OF c`,
      [emails],
    );
  },

  /**
   * For each email (null: skipped) that a merged-away contact had, the
   * survivor of its latest merge, aligned with `emails`. One statement.
   */
  survivorsByEmailsIn(db: Queryable, emails: readonly (string | null)[]): Promise<(ContactRow | undefined)[]> {
    return byPosition(
      db,
      emails.length,
      `SELECT DISTINCT ON (i.n) i.n::int AS n, ${contacts.columns}
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN contact_merges m ON lower(m.merged_email) = lower(i.email)
         JOIN contacts c ON c.id = m.survivor_id
        ORDER BY i.n, m.merged_at DESC`,
      [emails],
    );
  },

  /**
   * Inserts or updates (by lower(email)) a batch of contacts in one
   * statement: an update sets the names, fills the customer, phone and title
   * given (null keeps the stored value) and keeps the stored email's case.
   * Answers each row written, and whether it was inserted.
   */
  async upsertBatchIn(db: Queryable, rows: readonly ContactUpsert[]): Promise<{ contact: ContactRow; inserted: boolean }[]> {
    if (!rows.length) return [];
    const column = <K extends keyof ContactUpsert>(key: K) => rows.map((row) => row[key]);
    const written = returnedRows(
      await db.query(
        `INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         ON CONFLICT (lower(email)) DO UPDATE SET
           customer_id = coalesce(EXCLUDED.customer_id, contacts.customer_id),
           first_name = EXCLUDED.first_name,
           last_name = EXCLUDED.last_name,
           phone = coalesce(EXCLUDED.phone, contacts.phone),
           title = coalesce(EXCLUDED.title, contacts.title),
           updated_at = date_trunc('milliseconds', now())
         RETURNING ${contacts.columnsAs('contacts')}, (xmax = 0) AS inserted`,
        [column('id'), column('customerId'), column('firstName'), column('lastName'), column('email'), column('phone'), column('title')],
      ),
    );
    return written.map((raw) => ({ contact: contacts.read(raw), inserted: upserted.read(raw).inserted }));
  },

  /**
   * The list's filtered query: contacts under alias c, every column selected
   * (the caller adds the sort and the page). `tsquery`: the search, as
   * prefixTsQuery made it. `personalData`: the reader may see emails.
   * Without it the search must not match emails either, or it would reveal
   * them a prefix at a time: the indexed search narrows, the words are then
   * checked against name and title alone.
   */
  listQuery(
    dataSource: DataSource,
    filter: ContactFilter | null | undefined,
    tsquery: string | null,
    personalData: boolean,
  ): SelectQueryBuilder<ObjectLiteral> {
    const query = dataSource.createQueryBuilder().select(contacts.columns).from('contacts', 'c');
    if (tsquery) query.andWhere(`c.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (tsquery && !personalData) {
      query.andWhere(`to_tsvector('simple', c.first_name || ' ' || c.last_name || ' ' || coalesce(c.title, '')) @@ to_tsquery('simple', :tsquery)`);
    }
    if (filter?.customerId) query.andWhere('c.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.ownerId) query.andWhere('c.owner_id = :ownerId', { ownerId: filter.ownerId });
    return query;
  },

  /** The first `limit` contacts (oldest first, after the cursor) of each customer, in one statement. */
  pagesForCustomers(db: Queryable, customerIds: readonly string[], cursor: CreatedCursor | null, limit: number): Promise<ContactRow[]> {
    return oldestPerParent(db, contacts, 'customer_id', customerIds, limit, cursor);
  },
};
