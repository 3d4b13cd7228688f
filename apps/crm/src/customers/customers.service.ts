import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { customerCreatedV1, customerUpdatedV1, type EventData, Outbox } from '@platform/events';
import { byKeys, conflict, type ConnectionShape, loaderFor, notFound, type RequestContext } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { changedFields } from '../shared/changed-fields';
import { CUSTOMER_COLUMNS, CustomerEntity } from './customer.entity';
import { type Customer, CustomerKind } from './customer.model';
import type { CreateCustomerInput } from './dto/create-customer.input';
import type { CustomerFilter } from './dto/customers.args';
import type { UpdateCustomerInput } from './dto/update-customer.input';
import { sortedConnection } from '../shared/keyset-list';
import { type RecordSort, sortOrderFor } from '../shared/list-sort';
import { prefixTsQuery } from '../shared/text-search';
import { isUniqueViolation } from '../shared/unique-violation';

/** What a new customer needs; lead conversion builds one of these too. */
export type NewCustomer = Pick<CreateCustomerInput, 'name' | 'email' | 'kind' | 'domain' | 'phone' | 'ownerId'>;

const UPDATABLE = ['name', 'email', 'kind', 'domain', 'phone', 'ownerId'] as const;
const COLUMN: Record<(typeof UPDATABLE)[number], string> = { name: 'name', email: 'email', kind: 'kind', domain: 'domain', phone: 'phone', ownerId: 'owner_id' };

@Injectable()
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(CustomerEntity);
  }

  /** The customer row, its crm.customer.created event and its audit entry commit together, or none does. */
  async create(input: CreateCustomerInput, actor?: Identity): Promise<CustomerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.createIn(manager, input, actor);
      await this.audit.record(manager, actor, 'createCustomer', customer.id, { email: customer.email });
      return customer;
    });
  }

  /** Inserts a customer and its event inside the caller's transaction (lead conversion uses it). CONFLICT on a taken email. */
  async createIn(manager: EntityManager, input: NewCustomer, actor?: Identity): Promise<CustomerEntity> {
    // ON CONFLICT keeps a duplicate from raising inside the statement (which
    // would abort the caller's transaction); the existing record is then named.
    const rows: CustomerEntity[] = await manager.query(
      `INSERT INTO customers (id, name, email, kind, domain, phone, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (lower(email)) DO NOTHING
       RETURNING ${CUSTOMER_COLUMNS('customers')}`,
      [randomUUID(), input.name, input.email, input.kind ?? CustomerKind.ORGANISATION, input.domain ?? null, input.phone ?? null, input.ownerId ?? actor?.sub ?? null],
    );
    if (!rows.length) throw await this.emailTaken(manager, input.email);
    const customer = rows[0];
    const data: EventData<typeof customerCreatedV1> = {
      customerId: customer.id,
      name: customer.name,
      email: customer.email,
      createdAt: customer.createdAt.toISOString(),
    };
    await this.outbox.emit(manager, customerCreatedV1, customer.id, data, { time: customer.createdAt });
    return customer;
  }

  /**
   * Changes the given fields. Nothing changed: no write, no event. Otherwise
   * the row, a crm.customer.updated event naming the changed fields and the
   * audit entry commit together.
   */
  async update(id: string, input: UpdateCustomerInput, actor?: Identity): Promise<CustomerEntity> {
    try {
      return await this.updateOnce(id, input, actor);
    } catch (err) {
      // Another transaction took the email after the check below: the same CONFLICT the check gives.
      if (input.email && isUniqueViolation(err, 'customers_email_lower_key')) throw await this.emailTaken(this.dataSource.manager, input.email);
      throw err;
    }
  }

  private async updateOnce(id: string, input: UpdateCustomerInput, actor?: Identity): Promise<CustomerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: CustomerEntity[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS('c')} FROM customers c WHERE c.id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('Customer', id);
      const changed = changedFields(UPDATABLE, input, current);
      if (!changed.length) return current;
      if (input.email && input.email.toLowerCase() !== current.email.toLowerCase()) {
        const [taken] = await manager.query(`SELECT id FROM customers WHERE lower(email) = lower($1) AND id <> $2`, [input.email, id]);
        if (taken) throw await this.emailTaken(manager, input.email);
      }
      const sets = changed.map((field, i) => `${COLUMN[field]} = $${i + 2}`);
      // An UPDATE answers [rows, affected count].
      const [[updated]]: [CustomerEntity[], number] = await manager.query(
        `UPDATE customers SET ${sets.join(', ')}, updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
          WHERE id = $1 RETURNING ${CUSTOMER_COLUMNS('customers')}`,
        [id, ...changed.map((field) => input[field])],
      );
      const data: EventData<typeof customerUpdatedV1> = {
        customerId: updated.id,
        name: updated.name,
        email: updated.email,
        kind: updated.kind,
        changed: [...changed],
        updatedAt: updated.updatedAt.toISOString(),
      };
      await this.outbox.emit(manager, customerUpdatedV1, id, data, { time: updated.updatedAt });
      await this.audit.record(manager, actor, 'updateCustomer', id, { changed });
      return updated;
    });
  }

  private async emailTaken(manager: EntityManager, email: string) {
    const [existing] = await manager.query(`SELECT id FROM customers WHERE lower(email) = lower($1)`, [email]);
    // Gone again already (changed since): still a conflict, with no one to name.
    if (!existing) return conflict(`A customer with email ${email} was created meanwhile: try again`);
    return conflict(`A customer with email ${email} already exists (${existing.id})`, { existingId: existing.id });
  }

  /** Whether the customer exists, in the caller's transaction (a reported timeline entry needs one). */
  async existsIn(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM customers WHERE id = $1`, [id])).length > 0;
  }

  /** The customer, in the caller's transaction, or none. */
  async findIn(manager: EntityManager, id: string): Promise<CustomerEntity | undefined> {
    const [customer]: CustomerEntity[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS('c')} FROM customers c WHERE c.id = $1`, [id]);
    return customer;
  }

  /** The customer, in the caller's transaction; NOT_FOUND names the id. */
  async getIn(manager: EntityManager, id: string): Promise<CustomerEntity> {
    const customer = await this.findIn(manager, id);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /** The customer holding this email (case-insensitively), in the caller's transaction, or none. */
  async findByEmailIn(manager: EntityManager, email: string): Promise<CustomerEntity | undefined> {
    const [customer]: CustomerEntity[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS('c')} FROM customers c WHERE lower(c.email) = lower($1)`, [email]);
    return customer;
  }

  async get(id: string): Promise<CustomerEntity> {
    const [customer] = await this.findByIds([id]);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /** One query for any number of ids (uuids: checked where they come in); unknown ids are simply absent. */
  async findByIds(ids: readonly string[]): Promise<CustomerEntity[]> {
    if (!ids.length) return [];
    return this.repository.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids: [...new Set(ids)] }).getMany();
  }

  /** The request's loader of customers by id (null for none): one query per batch of parents. */
  load(context: RequestContext, id: string): Promise<Customer | null> {
    return loaderFor<string, Customer | null>(context, 'customerOrNullById', async (ids) =>
      byKeys<string, CustomerEntity, Customer | null>(ids, await this.findByIds(ids), (c) => c.id, () => null, (c) => c as Customer),
    ).load(id);
  }

  /**
   * Filtered (full-text prefix search on the search column, kind, owner) and
   * sorted in SQL, keyset-paginated; oldest first unless a sort is given.
   */
  async list(first: number, after: string | null | undefined, filter?: CustomerFilter | null, sort?: RecordSort | null): Promise<ConnectionShape<CustomerEntity>> {
    const query = this.dataSource.createQueryBuilder().select(CUSTOMER_COLUMNS('c')).from('customers', 'c');
    const tsquery = prefixTsQuery(filter?.search);
    if (tsquery) query.andWhere(`c.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (filter?.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter?.ownerId) query.andWhere('c.owner_id = :ownerId', { ownerId: filter.ownerId });
    return sortedConnection<CustomerEntity>(query, sortOrderFor('customer', 'c', 'lower(c.name)', sort), 'c.id', first, after);
  }
}
