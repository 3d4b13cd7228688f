import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { defineRow, defineTable, int, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import type { CustomerKind } from './customer.model';
import type { CustomerFilter } from './dto/customers.args';

/**
 * The values of the kind column, under the names CustomerKind gives them
 * (checked against it). Spelled out here so that reading customers does not
 * load the GraphQL model: the CSV import runs without Nest.
 */
const KIND = { ORGANISATION: 'organisation', INDIVIDUAL: 'individual' } as const satisfies { [K in keyof typeof CustomerKind]: `${(typeof CustomerKind)[K]}` };

/** The customers table: its columns, row type and reading. Only the customers area touches it. */
export const customers = defineTable('customers', 'c', {
  id: uuid(),
  name: text(),
  email: text(),
  kind: oneOf(KIND),
  domain: text().nullable(),
  phone: text().nullable(),
  ownerId: text().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});

export type CustomerRow = RowOf<typeof customers>;

/** Fields of a customer a user may change, with their columns. */
export const CUSTOMER_FIELDS = { name: 'name', email: 'email', kind: 'kind', domain: 'domain', phone: 'phone', ownerId: 'owner_id' } as const;
export type CustomerField = keyof typeof CUSTOMER_FIELDS;

export type NewCustomerRow = Omit<CustomerRow, 'createdAt' | 'updatedAt'>;

const TOUCHED = `updated_at = greatest(date_trunc('milliseconds', now()), updated_at)`;
const RETURNING = `RETURNING ${customers.columnsAs('customers')}`;

const customerId = defineRow('customer id', { id: uuid() });

/** A customer's id, by the 1-based position in a batch's input it answers for. */
const idAtPosition = defineRow('customer id by position', { n: int(), id: uuid() });

/** The SQL of the customers area; every row read through the table definition. */
export const customersRepository = {
  /**
   * The new row, or none when another customer holds the email. ON CONFLICT
   * keeps a duplicate from raising inside the statement, which would abort
   * the caller's transaction.
   */
  insert(db: Queryable, row: NewCustomerRow): Promise<CustomerRow | undefined> {
    return customers.one(
      db,
      `INSERT INTO customers (id, name, email, kind, domain, phone, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (lower(email)) DO NOTHING
       ${RETURNING}`,
      [row.id, row.name, row.email, row.kind, row.domain, row.phone, row.ownerId],
    );
  },

  byId(db: Queryable, id: string, lock: 'none' | 'update' = 'none'): Promise<CustomerRow | undefined> {
    return customers.one(db, `SELECT ${customers.columns} FROM customers c WHERE c.id = $1${lock === 'update' ? ' FOR UPDATE' : ''}`, [id]);
  },

  /** Unknown ids are simply absent. */
  byIds(db: Queryable, ids: readonly string[]): Promise<CustomerRow[]> {
    return customers.many(db, `SELECT ${customers.columns} FROM customers c WHERE c.id = ANY($1::uuid[])`, [ids]);
  },

  async exists(db: Queryable, id: string): Promise<boolean> {
    return (await customerId.one(db, `SELECT c.id FROM customers c WHERE c.id = $1`, [id])) !== undefined;
  },

  /** The customer holding the email (case-insensitively), other than `exceptId`. */
  withEmail(db: Queryable, email: string, exceptId?: string): Promise<CustomerRow | undefined> {
    return customers.one(db, `SELECT ${customers.columns} FROM customers c WHERE lower(c.email) = lower($1) AND ($2::uuid IS NULL OR c.id <> $2::uuid)`, [
      email,
      exceptId ?? null,
    ]);
  },

  /** Sets the given fields (values in the same order) and answers the row as it now is. */
  async write(db: Queryable, id: string, fields: readonly CustomerField[], values: readonly unknown[]): Promise<CustomerRow> {
    const sets = fields.map((field, i) => `${CUSTOMER_FIELDS[field]} = $${i + 2}`);
    const row = await customers.one(db, `UPDATE customers SET ${sets.join(', ')}, ${TOUCHED} WHERE id = $1 ${RETURNING}`, [id, ...values]);
    if (!row) throw new Error(`customers: ${id} vanished while locked`);
    return row;
  },

  /**
   * The list's filtered query: customers under alias c, every column
   * selected (the caller adds the sort and the page). `tsquery`: the search,
   * as prefixTsQuery made it, on the search column.
   */
  listQuery(dataSource: DataSource, filter: CustomerFilter | null | undefined, tsquery: string | null): SelectQueryBuilder<ObjectLiteral> {
    const query = dataSource.createQueryBuilder().select(customers.columns).from('customers', 'c');
    if (tsquery) query.andWhere(`c.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (filter?.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter?.ownerId) query.andWhere('c.owner_id = :ownerId', { ownerId: filter.ownerId });
    return query;
  },

  /**
   * The ids of the customers holding these emails (case-insensitively),
   * aligned with `emails` (none where no customer has it, or the email is
   * null). One statement for the whole batch.
   */
  async idsByEmailsIn(db: Queryable, emails: readonly (string | null)[]): Promise<(string | undefined)[]> {
    const ids = new Array<string | undefined>(emails.length).fill(undefined);
    const found = await idAtPosition.many(
      db,
      `SELECT i.n::int AS n, cu.id
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN customers cu ON lower(cu.email) = lower(i.email)`,
      [emails],
    );
    for (const { n, id } of found) ids[n - 1] = id;
    return ids;
  },
};
