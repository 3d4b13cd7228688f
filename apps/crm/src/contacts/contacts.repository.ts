import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { defineTable, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';

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

const LOCKS: Record<ContactLock, string> = { none: '', update: 'FOR UPDATE', 'key share': 'FOR KEY SHARE', 'key share, skip locked': 'FOR KEY SHARE SKIP LOCKED' };

/** An id, or the survivor's id when it was merged away ($1 is the id). */
const CURRENT_ID = `coalesce((SELECT m.survivor_id FROM contact_merges m WHERE m.merged_id = $1::uuid), $1::uuid)`;

const TOUCHED = `updated_at = greatest(date_trunc('milliseconds', now()), updated_at)`;

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
    const row = await contacts.one(db, `UPDATE contacts SET ${sets.join(', ')}, ${TOUCHED} WHERE id = $1 RETURNING ${contacts.columnsAs('contacts')}`, [id, ...values]);
    if (!row) throw new Error(`contacts: ${id} vanished while locked`);
    return row;
  },

  /** Puts a contact without a customer under `customerId`; none when it already has one. */
  adopt(db: Queryable, id: string, customerId: string): Promise<ContactRow | undefined> {
    return contacts.one(db, `UPDATE contacts SET customer_id = $2, ${TOUCHED} WHERE id = $1 AND customer_id IS NULL RETURNING ${contacts.columnsAs('contacts')}`, [id, customerId]);
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

  /** The list's base query: contacts under alias c, every column selected. */
  listQuery(dataSource: DataSource): SelectQueryBuilder<ObjectLiteral> {
    return dataSource.createQueryBuilder().select(contacts.columns).from('contacts', 'c');
  },

  /**
   * The first `limit` contacts (oldest first, after the cursor) of each
   * customer, in one statement: row_number() per customer cuts each list.
   */
  pagesForCustomers(db: Queryable, customerIds: readonly string[], cursor: { at: Date; id: string } | null, limit: number): Promise<ContactRow[]> {
    return contacts.many(
      db,
      `SELECT * FROM (
         SELECT ${contacts.columns}, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.created_at, c.id) AS rn
           FROM contacts c
          WHERE c.customer_id = ANY($1::uuid[])
            AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid))
       ) page WHERE page.rn <= $4 ORDER BY page."customerId", page."createdAt", page.id`,
      [customerIds, cursor?.at ?? null, cursor?.id ?? null, limit],
    );
  },
};
