import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { conflict, type ConnectionShape, decodeCursor, groupByKey, notFound, type Page, recordLoader, type RequestContext, toPage } from '@platform/graphql';
import { changedFields } from '../shared/changed-fields';
import { CustomersService } from '../customers/customers.service';
import { sortedConnection } from '../shared/keyset-list';
import { type RecordSort, sortOrderFor } from '../shared/list-sort';
import { prefixTsQuery } from '../shared/text-search';
import { isUniqueViolation } from '../shared/unique-violation';
import { contactEmailTaken, contactMissing } from './contact-errors';
import { contactEvents } from './contact-events';
import { CONTACT_FIELDS, CONTACT_NAME_ORDER, type ContactField, type ContactRow, contacts, contactsRepository } from './contacts.repository';
import type { ContactFilter } from './dto/contacts.args';
import type { CreateContactInput } from './dto/create-contact.input';
import type { UpdateContactInput } from './dto/update-contact.input';

/**
 * Contacts: commands and reads. Other areas call the `...In(manager, ...)`
 * operations inside their own transaction; the merge is in contact-merge.ts.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly customers: CustomersService,
  ) {}

  async create(input: CreateContactInput, actor?: Identity): Promise<ContactRow> {
    return this.dataSource.transaction((manager) => this.createIn(manager, input, actor));
  }

  /**
   * Inserts a contact and its crm.contact.created event in the caller's
   * transaction (lead conversion uses it). NOT_FOUND for an unknown customer,
   * CONFLICT naming the contact that already has the email.
   */
  async createIn(manager: EntityManager, input: CreateContactInput, actor?: Identity): Promise<ContactRow> {
    if (input.customerId) await this.requireCustomer(manager, input.customerId);
    const contact = await contactsRepository.insert(manager, {
      id: randomUUID(),
      customerId: input.customerId ?? null,
      firstName: input.firstName,
      lastName: input.lastName ?? '',
      email: input.email ?? null,
      phone: input.phone ?? null,
      title: input.title ?? null,
      ownerId: input.ownerId ?? actor?.sub ?? null,
    });
    // Only an email can conflict.
    if (!contact) throw await contactEmailTaken(manager, input.email ?? '');
    await this.outbox.append(manager, [contactEvents.created(contact)]);
    return contact;
  }

  /**
   * Puts a contact that has no customer under `customerId`, with its
   * crm.contact.updated event, in the caller's transaction (lead conversion
   * links the contact it found this way). A contact already under a customer
   * stays there. Answers the contact as it now is.
   */
  async adoptIn(manager: EntityManager, contactId: string, customerId: string): Promise<ContactRow> {
    const adopted = await contactsRepository.adopt(manager, contactId, customerId);
    if (adopted) {
      await this.outbox.append(manager, [contactEvents.updated(adopted, ['customerId'])]);
      return adopted;
    }
    const current = await contactsRepository.byId(manager, contactId);
    if (!current) throw notFound('Contact', contactId);
    return current;
  }

  /** The given fields change; nothing changed means no write and no event. */
  async update(id: string, input: UpdateContactInput): Promise<ContactRow> {
    try {
      return await this.updateOnce(id, input);
    } catch (err) {
      // Another transaction took the email after the check below: the same CONFLICT the check gives.
      if (input.email && isUniqueViolation(err, 'contacts_email_lower_key')) throw await contactEmailTaken(this.dataSource.manager, input.email);
      throw err;
    }
  }

  private async updateOnce(id: string, input: UpdateContactInput): Promise<ContactRow> {
    return this.dataSource.transaction(async (manager) => {
      const current = await contactsRepository.byId(manager, id, 'update');
      if (!current) throw await contactMissing(manager, id);
      const wanted: Partial<Record<ContactField, unknown>> = { ...input };
      if (wanted.lastName === null) wanted.lastName = '';
      const changed = changedFields(Object.keys(CONTACT_FIELDS) as ContactField[], wanted, current);
      if (!changed.length) return current;
      if (changed.includes('customerId') && input.customerId) await this.requireCustomer(manager, input.customerId);
      if (changed.includes('email') && input.email && input.email.toLowerCase() !== current.email?.toLowerCase()) {
        if (await contactsRepository.withEmail(manager, input.email, id)) throw await contactEmailTaken(manager, input.email);
      }
      const updated = await contactsRepository.write(
        manager,
        id,
        changed,
        changed.map((field) => wanted[field]),
      );
      await this.outbox.append(manager, [contactEvents.updated(updated, changed)]);
      return updated;
    });
  }

  /** A contact by id; an id merged away resolves to its survivor. */
  async get(id: string): Promise<ContactRow> {
    const contact = await contactsRepository.current(this.dataSource, id);
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  async findByIds(ids: readonly string[]): Promise<ContactRow[]> {
    const unique = [...new Set(ids)];
    return unique.length ? contactsRepository.byIds(this.dataSource, unique) : [];
  }

  /** The request's loader of contacts by id (null for none). */
  load(context: RequestContext, id: string): Promise<ContactRow | null> {
    return recordLoader(context, 'contactOrNullById', (ids) => this.findByIds(ids)).load(id);
  }

  /** `personalData`: the caller may read emails (contact.pii:read), so the search may match them. */
  async list(
    first: number,
    after: string | null | undefined,
    filter?: ContactFilter | null,
    sort?: RecordSort | null,
    personalData = false,
  ): Promise<ConnectionShape<ContactRow>> {
    const query = contactsRepository.listQuery(this.dataSource, filter, prefixTsQuery(filter?.search), personalData);
    return sortedConnection(query, sortOrderFor('contact', 'c', CONTACT_NAME_ORDER, sort), 'c.id', first, after, contacts.read);
  }

  /** The first page of contacts (oldest first) of each customer, in one statement for the whole batch. */
  async pagesForCustomers(customerIds: readonly string[], first: number, after?: string | null): Promise<Page<ContactRow>[]> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await contactsRepository.pagesForCustomers(this.dataSource, customerIds, cursor, first + 1);
    return groupByKey(customerIds, rows, (c) => c.customerId).map((page) => toPage(page, first));
  }

  /**
   * The contact a person with this email is now, locked for the caller's
   * transaction: the one holding the email, else the survivor of the latest
   * merge of a contact that had it (so a merged-away duplicate is not
   * recreated), else none.
   */
  async findByEmailIn(manager: EntityManager, email: string): Promise<ContactRow | undefined> {
    // A merge running meanwhile either finishes first (the contact is gone,
    // so look again and find the survivor) or waits for the caller.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await contactsRepository.idForEmail(manager, email);
      if (!id) return undefined;
      const contact = await contactsRepository.byId(manager, id, 'update');
      if (contact) return contact;
    }
    throw conflict(`The contact with email ${email} is being merged right now: try again`);
  }

  /** The contact holding this email now (no merge followed, no lock), in the caller's transaction. */
  withEmailIn(manager: EntityManager, email: string): Promise<ContactRow | undefined> {
    return contactsRepository.withEmail(manager, email);
  }

  /**
   * The contact an id names (its survivor if merged away), held (KEY SHARE)
   * until the caller commits, so a merge cannot delete it under a row the
   * caller links to it. None when there is no such contact.
   */
  async holdCurrentIn(manager: EntityManager, id: string): Promise<ContactRow | undefined> {
    // A merge that committed while this waited deleted the row: asked again, the id names the survivor.
    return (await contactsRepository.current(manager, id, 'key share')) ?? (await contactsRepository.current(manager, id, 'key share'));
  }

  /**
   * The contact, held (KEY SHARE) until the caller commits; none when it is
   * gone or a merge holds it right now (the caller retries later rather
   * than wait while holding rows the merge is about to move).
   */
  holdIn(manager: EntityManager, id: string): Promise<ContactRow | undefined> {
    return contactsRepository.byId(manager, id, 'key share, skip locked');
  }

  /** The contact, in the caller's transaction, or none. */
  findIn(manager: EntityManager, id: string): Promise<ContactRow | undefined> {
    return contactsRepository.byId(manager, id);
  }

  private async requireCustomer(manager: EntityManager, customerId: string): Promise<void> {
    if (!(await this.customers.existsIn(manager, customerId))) throw notFound('Customer', customerId);
  }
}
