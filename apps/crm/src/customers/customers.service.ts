import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { conflict, type ConnectionShape, notFound, recordLoader, type RequestContext } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { changedFields } from '../shared/changed-fields';
import { customerEvents } from './customer-events';
import { type Customer, CustomerKind } from './customer.model';
import { CUSTOMER_FIELDS, type CustomerField, type CustomerRow, customers, customersRepository } from './customers.repository';
import type { CreateCustomerInput } from './dto/create-customer.input';
import type { CustomerFilter } from './dto/customers.args';
import type { UpdateCustomerInput } from './dto/update-customer.input';
import { sortedConnection } from '../shared/keyset-list';
import { type RecordSort, sortOrderFor } from '../shared/list-sort';
import { prefixTsQuery } from '../shared/text-search';
import { isUniqueViolation } from '../shared/unique-violation';

/** What a new customer needs; lead conversion builds one of these too. */
export type NewCustomer = Pick<CreateCustomerInput, 'name' | 'email' | 'kind' | 'domain' | 'phone' | 'ownerId'>;

const UPDATABLE = Object.keys(CUSTOMER_FIELDS) as CustomerField[];

@Injectable()
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** The customer row, its crm.customer.created event and its audit entry commit together, or none does. */
  async create(input: CreateCustomerInput, actor?: Identity): Promise<CustomerRow> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.createIn(manager, input, actor);
      await this.audit.record(manager, actor, 'createCustomer', customer.id, { email: customer.email });
      return customer;
    });
  }

  /** Inserts a customer and its event inside the caller's transaction (lead conversion uses it). CONFLICT on a taken email. */
  async createIn(manager: EntityManager, input: NewCustomer, actor?: Identity): Promise<CustomerRow> {
    const customer = await customersRepository.insert(manager, {
      id: randomUUID(),
      name: input.name,
      email: input.email,
      kind: input.kind ?? CustomerKind.ORGANISATION,
      domain: input.domain ?? null,
      phone: input.phone ?? null,
      ownerId: input.ownerId ?? actor?.sub ?? null,
    });
    // Only the email can conflict: the existing record is named.
    if (!customer) throw await this.emailTaken(manager, input.email);
    await this.outbox.append(manager, [customerEvents.created(customer)]);
    return customer;
  }

  /**
   * Changes the given fields. Nothing changed: no write, no event. Otherwise
   * the row, a crm.customer.updated event naming the changed fields and the
   * audit entry commit together.
   */
  async update(id: string, input: UpdateCustomerInput, actor?: Identity): Promise<CustomerRow> {
    try {
      return await this.updateOnce(id, input, actor);
    } catch (err) {
      // Another transaction took the email after the check below: the same CONFLICT the check gives.
      if (input.email && isUniqueViolation(err, 'customers_email_lower_key')) throw await this.emailTaken(this.dataSource.manager, input.email);
      throw err;
    }
  }

  private async updateOnce(id: string, input: UpdateCustomerInput, actor?: Identity): Promise<CustomerRow> {
    return this.dataSource.transaction(async (manager) => {
      const current = await customersRepository.byId(manager, id, 'update');
      if (!current) throw notFound('Customer', id);
      const changed = changedFields(UPDATABLE, input, current);
      if (!changed.length) return current;
      if (input.email && input.email.toLowerCase() !== current.email.toLowerCase()) {
        if (await customersRepository.withEmail(manager, input.email, id)) throw await this.emailTaken(manager, input.email);
      }
      const updated = await customersRepository.write(
        manager,
        id,
        changed,
        changed.map((field) => input[field]),
      );
      await this.outbox.append(manager, [customerEvents.updated(updated, changed)]);
      await this.audit.record(manager, actor, 'updateCustomer', id, { changed });
      return updated;
    });
  }

  private async emailTaken(manager: EntityManager, email: string) {
    const existing = await customersRepository.withEmail(manager, email);
    // Gone again already (changed since): still a conflict, with no one to name.
    if (!existing) return conflict(`A customer with email ${email} was created meanwhile: try again`);
    return conflict(`A customer with email ${email} already exists (${existing.id})`, { existingId: existing.id });
  }

  /** Whether the customer exists, in the caller's transaction (a reported timeline entry needs one). */
  async existsIn(manager: EntityManager, id: string): Promise<boolean> {
    return customersRepository.exists(manager, id);
  }

  /** The customer, in the caller's transaction, or none. */
  findIn(manager: EntityManager, id: string): Promise<CustomerRow | undefined> {
    return customersRepository.byId(manager, id);
  }

  /** The customer, in the caller's transaction; NOT_FOUND names the id. */
  async getIn(manager: EntityManager, id: string): Promise<CustomerRow> {
    const customer = await this.findIn(manager, id);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /** The customer holding this email (case-insensitively), in the caller's transaction, or none. */
  findByEmailIn(manager: EntityManager, email: string): Promise<CustomerRow | undefined> {
    return customersRepository.withEmail(manager, email);
  }

  async get(id: string): Promise<CustomerRow> {
    const [customer] = await this.findByIds([id]);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /** One query for any number of ids (uuids: checked where they come in); unknown ids are simply absent. */
  async findByIds(ids: readonly string[]): Promise<CustomerRow[]> {
    if (!ids.length) return [];
    return customersRepository.byIds(this.dataSource, [...new Set(ids)]);
  }

  /** The request's loader of customers by id (null for none): one query per batch of parents. */
  load(context: RequestContext, id: string): Promise<Customer | null> {
    return recordLoader<Customer>(context, 'customerOrNullById', (ids) => this.findByIds(ids)).load(id);
  }

  /**
   * Filtered (full-text prefix search on the search column, kind, owner) and
   * sorted in SQL, keyset-paginated; oldest first unless a sort is given.
   */
  async list(first: number, after: string | null | undefined, filter?: CustomerFilter | null, sort?: RecordSort | null): Promise<ConnectionShape<CustomerRow>> {
    const query = customersRepository.listQuery(this.dataSource, filter, prefixTsQuery(filter?.search));
    return sortedConnection(query, sortOrderFor('customer', 'c', 'lower(c.name)', sort), 'c.id', first, after, customers.read);
  }
}
