import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { contactCreatedV1, contactMergedV1, contactUpdatedV1, type EventData, Outbox } from '@platform/events';
import {
  badUserInput,
  byKeys,
  conflict,
  type ConnectionShape,
  decodeCursor,
  DomainError,
  ErrorCode,
  isUuid,
  loaderFor,
  notFound,
  type Page,
  type RequestContext,
  toPage,
} from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { changedFields } from '../customers/changed-fields';
import { isUniqueViolation } from '../customers/unique-violation';
import { sortedConnection } from '../customers/keyset-list';
import { type RecordSort, sortOrderFor } from '../customers/list-sort';
import { prefixTsQuery } from '../customers/text-search';
import { CONTACT_COLUMNS, CONTACT_NAME_ORDER, type ContactRow } from './contact.model';
import type { ContactFilter } from './dto/contacts.args';
import type { CreateContactInput } from './dto/create-contact.input';
import type { UpdateContactInput } from './dto/update-contact.input';

/** Fields of a contact a user may change, with their columns. */
const FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  customerId: 'customer_id',
  ownerId: 'owner_id',
} as const;
type Field = keyof typeof FIELDS;

/** Fields a merge fills on the survivor when it has none and the merged contact has one. */
const FILLABLE: Field[] = ['customerId', 'lastName', 'email', 'phone', 'title', 'ownerId'];

/** Tables whose contact_id follows a merged contact to its survivor. */
const CONTACT_REFERENCES = ['activities', 'tasks', 'tickets', 'deals'] as const;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
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
    const rows: ContactRow[] = await manager.query(
      `INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (lower(email)) DO NOTHING
       RETURNING ${CONTACT_COLUMNS('contacts')}`,
      [randomUUID(), input.customerId ?? null, input.firstName, input.lastName ?? '', input.email ?? null, input.phone ?? null, input.title ?? null, input.ownerId ?? actor?.sub ?? null],
    );
    // Only an email can conflict.
    if (!rows.length) throw await this.emailTaken(manager, input.email ?? '');
    const contact = rows[0];
    const data: EventData<typeof contactCreatedV1> = { ...this.state(contact), createdAt: contact.createdAt.toISOString() };
    await this.outbox.emit(manager, contactCreatedV1, contact.id, data, { time: contact.createdAt });
    return contact;
  }

  /**
   * Puts a contact that has no customer under `customerId`, with its
   * crm.contact.updated event, in the caller's transaction (lead conversion
   * links the contact it found this way). A contact already under a customer
   * stays there. Answers the contact as it now is.
   */
  async adoptIn(manager: EntityManager, contactId: string, customerId: string): Promise<ContactRow> {
    const [[adopted]]: [ContactRow[], number] = await manager.query(
      `UPDATE contacts SET customer_id = $2, updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
        WHERE id = $1 AND customer_id IS NULL RETURNING ${CONTACT_COLUMNS('contacts')}`,
      [contactId, customerId],
    );
    if (adopted) {
      await this.emitUpdated(manager, adopted, ['customerId']);
      return adopted;
    }
    const [current]: ContactRow[] = await manager.query(`SELECT ${CONTACT_COLUMNS('c')} FROM contacts c WHERE c.id = $1`, [contactId]);
    return current;
  }

  /** The given fields change; nothing changed means no write and no event. */
  async update(id: string, input: UpdateContactInput): Promise<ContactRow> {
    if (!isUuid(id)) throw notFound('Contact', id);
    try {
      return await this.updateOnce(id, input);
    } catch (err) {
      // Another transaction took the email after the check below: the same CONFLICT the check gives.
      if (input.email && isUniqueViolation(err, 'contacts_email_lower_key')) throw await this.emailTaken(this.dataSource.manager, input.email);
      throw err;
    }
  }

  private async updateOnce(id: string, input: UpdateContactInput): Promise<ContactRow> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: ContactRow[] = await manager.query(`SELECT ${CONTACT_COLUMNS('c')} FROM contacts c WHERE c.id = $1 FOR UPDATE`, [id]);
      if (!current) throw await this.missing(manager, id);
      const wanted: Partial<Record<Field, unknown>> = { ...input };
      if (wanted.lastName === null) wanted.lastName = '';
      const changed = changedFields(Object.keys(FIELDS) as Field[], wanted, current);
      if (!changed.length) return current;
      if (changed.includes('customerId') && input.customerId) await this.requireCustomer(manager, input.customerId);
      if (changed.includes('email') && input.email && input.email.toLowerCase() !== current.email?.toLowerCase()) {
        const [taken] = await manager.query(`SELECT id FROM contacts WHERE lower(email) = lower($1) AND id <> $2`, [input.email, id]);
        if (taken) throw await this.emailTaken(manager, input.email);
      }
      const updated = await this.write(manager, id, changed, changed.map((field) => wanted[field]));
      await this.emitUpdated(manager, updated, changed);
      return updated;
    });
  }

  /**
   * Folds `mergedId` into `survivorId` in one transaction: every reference
   * moves to the survivor, the survivor's empty fields are filled from the
   * merged contact, the merged id keeps resolving (contact_merges) and the
   * merged row goes.
   */
  async merge(survivorId: string, mergedId: string, actor?: Identity): Promise<ContactRow> {
    if (survivorId === mergedId) throw badUserInput('A contact cannot be merged into itself: pass two different contacts', { mergedId: ['must differ from survivorId'] });
    for (const id of [survivorId, mergedId]) if (!isUuid(id)) throw notFound('Contact', id);
    return this.dataSource.transaction(async (manager) => {
      // Both rows locked in id order, so two merges of the same pair cannot deadlock.
      const rows: ContactRow[] = await manager.query(`SELECT ${CONTACT_COLUMNS('c')} FROM contacts c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE`, [[survivorId, mergedId]]);
      const survivor = rows.find((r) => r.id === survivorId);
      const merged = rows.find((r) => r.id === mergedId);
      // The same merge again (a retry, or two users at once): it is done, the survivor answers and nothing more is written.
      if (survivor && !merged && (await this.survivorOf(manager, mergedId))?.id === survivorId) return survivor;
      if (!survivor) throw await this.missing(manager, survivorId);
      if (!merged) throw await this.missing(manager, mergedId);

      for (const table of CONTACT_REFERENCES) {
        await manager.query(`UPDATE ${table} SET contact_id = $1 WHERE contact_id = $2`, [survivorId, mergedId]);
      }
      await manager.query(`UPDATE leads SET converted_contact_id = $1 WHERE converted_contact_id = $2`, [survivorId, mergedId]);
      // An enrolment of the merged contact in a sequence the survivor is already
      // in would break the one-enrolment-per-sequence rule: it goes, and the
      // mail it sent stays (detached) as history.
      const duplicates: { id: string }[] = await manager.query(
        `SELECT m.id FROM nurture_enrolments m
          WHERE m.contact_id = $2 AND EXISTS (SELECT 1 FROM nurture_enrolments s WHERE s.contact_id = $1 AND s.sequence_id = m.sequence_id)`,
        [survivorId, mergedId],
      );
      if (duplicates.length) {
        const ids = duplicates.map((d) => d.id);
        await manager.query(`UPDATE outbound_emails SET enrolment_id = NULL WHERE enrolment_id = ANY($1::uuid[])`, [ids]);
        await manager.query(`DELETE FROM nurture_enrolments WHERE id = ANY($1::uuid[])`, [ids]);
      }
      await manager.query(`UPDATE nurture_enrolments SET contact_id = $1 WHERE contact_id = $2`, [survivorId, mergedId]);
      await manager.query(`UPDATE contact_merges SET survivor_id = $1 WHERE survivor_id = $2`, [survivorId, mergedId]);
      const [{ mergedAt }]: { mergedAt: Date }[] = await manager.query(
        `INSERT INTO contact_merges (merged_id, survivor_id, merged_by, merged_email) VALUES ($1, $2, $3, $4) RETURNING merged_at AS "mergedAt"`,
        [mergedId, survivorId, actor?.sub ?? null, merged.email],
      );
      // Deleted before the fill, so the survivor can take over its email.
      await manager.query(`DELETE FROM contacts WHERE id = $1`, [mergedId]);

      const filled = FILLABLE.filter((field) => isEmpty(survivor[field]) && !isEmpty(merged[field]));
      const result = filled.length ? await this.write(manager, survivorId, filled, filled.map((field) => merged[field])) : survivor;
      const data: EventData<typeof contactMergedV1> = { survivorId, mergedId, mergedAt: mergedAt.toISOString() };
      await this.outbox.emit(manager, contactMergedV1, survivorId, data, { time: mergedAt });
      if (filled.length) await this.emitUpdated(manager, result, filled);
      await this.audit.record(manager, actor, 'mergeContacts', survivorId, { mergedId, filled });
      return result;
    });
  }

  /** A contact by id; an id merged away resolves to its survivor. */
  async get(id: string): Promise<ContactRow> {
    if (!isUuid(id)) throw notFound('Contact', id);
    const [contact]: ContactRow[] = await this.dataSource.query(
      `SELECT ${CONTACT_COLUMNS('c')} FROM contacts c
        WHERE c.id = coalesce((SELECT m.survivor_id FROM contact_merges m WHERE m.merged_id = $1), $1)`,
      [id],
    );
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  async findByIds(ids: readonly string[]): Promise<ContactRow[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    return this.dataSource.query(`SELECT ${CONTACT_COLUMNS('c')} FROM contacts c WHERE c.id = ANY($1::uuid[])`, [valid]);
  }

  /** The request's loader of contacts by id (null for none). */
  load(context: RequestContext, id: string): Promise<ContactRow | null> {
    return loaderFor<string, ContactRow | null>(context, 'contactOrNullById', async (ids) =>
      byKeys<string, ContactRow, ContactRow | null>(ids, await this.findByIds(ids), (c) => c.id, () => null, (c) => c),
    ).load(id);
  }

  /**
   * `personalData`: the caller may read emails (contact.pii:read). Without it
   * the search must not match emails either, or it would reveal them a
   * prefix at a time: the indexed search narrows, the words are then checked
   * against name and title alone.
   */
  async list(first: number, after: string | null | undefined, filter?: ContactFilter | null, sort?: RecordSort | null, personalData = false): Promise<ConnectionShape<ContactRow>> {
    const query = this.dataSource.createQueryBuilder().select(CONTACT_COLUMNS('c')).from('contacts', 'c');
    const tsquery = prefixTsQuery(filter?.search);
    if (tsquery) query.andWhere(`c.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (tsquery && !personalData) {
      query.andWhere(`to_tsvector('simple', c.first_name || ' ' || c.last_name || ' ' || coalesce(c.title, '')) @@ to_tsquery('simple', :tsquery)`);
    }
    if (filter?.customerId) query.andWhere('c.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.ownerId) query.andWhere('c.owner_id = :ownerId', { ownerId: filter.ownerId });
    return sortedConnection<ContactRow>(query, sortOrderFor('contact', 'c', CONTACT_NAME_ORDER('c'), sort), 'c.id', first, after);
  }

  /**
   * The first page of contacts (oldest first) of each customer, in one
   * statement for the whole batch: row_number() per customer cuts each list.
   */
  async pagesForCustomers(customerIds: readonly string[], first: number, after?: string | null): Promise<Page<ContactRow>[]> {
    const cursor = after ? decodeCursor(after) : null;
    const rows: (ContactRow & { rn: string })[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT ${CONTACT_COLUMNS('c')}, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.created_at, c.id) AS rn
           FROM contacts c
          WHERE c.customer_id = ANY($1::uuid[])
            AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid))
       ) page WHERE page.rn <= $4 ORDER BY page."customerId", page."createdAt", page.id`,
      [customerIds.filter(isUuid), cursor?.at ?? null, cursor?.id ?? null, first + 1],
    );
    const byCustomer = new Map<string, ContactRow[]>();
    for (const { rn: _rn, ...row } of rows) {
      const customerId = row.customerId as string;
      byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), row]);
    }
    return customerIds.map((id) => toPage(byCustomer.get(id) ?? [], first));
  }

  private async write(manager: EntityManager, id: string, fields: Field[], values: unknown[]): Promise<ContactRow> {
    const sets = fields.map((field, i) => `${FIELDS[field]} = $${i + 2}`);
    // An UPDATE answers [rows, affected count].
    const [[row]]: [ContactRow[], number] = await manager.query(
      `UPDATE contacts SET ${sets.join(', ')}, updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
        WHERE id = $1 RETURNING ${CONTACT_COLUMNS('contacts')}`,
      [id, ...values],
    );
    return row;
  }

  private async emitUpdated(manager: EntityManager, contact: ContactRow, changed: Field[]): Promise<void> {
    const data: EventData<typeof contactUpdatedV1> = { ...this.state(contact), changed: [...changed], updatedAt: contact.updatedAt.toISOString() };
    await this.outbox.emit(manager, contactUpdatedV1, contact.id, data, { time: contact.updatedAt });
  }

  private state(contact: ContactRow) {
    return { contactId: contact.id, customerId: contact.customerId, firstName: contact.firstName, lastName: contact.lastName, email: contact.email };
  }

  /**
   * The contact a person with this email is now: the one holding the email,
   * else the survivor of the latest merge of a contact that had it (so a
   * merged-away duplicate is not recreated), else none.
   */
  async findByEmailIn(manager: EntityManager, email: string): Promise<ContactRow | undefined> {
    // Locked, as the caller links records to it: a merge running meanwhile
    // either finishes first (the contact is gone, so look again and find the
    // survivor) or waits for the caller.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [found]: { id: string }[] = await manager.query(
        `SELECT coalesce(
           (SELECT h.id FROM contacts h WHERE lower(h.email) = lower($1)),
           (SELECT m.survivor_id FROM contact_merges m WHERE lower(m.merged_email) = lower($1) ORDER BY m.merged_at DESC LIMIT 1)) AS id`,
        [email],
      );
      if (!found?.id) return undefined;
      const [contact]: ContactRow[] = await manager.query(`SELECT ${CONTACT_COLUMNS('c')} FROM contacts c WHERE c.id = $1 FOR UPDATE`, [found.id]);
      if (contact) return contact;
    }
    throw conflict(`The contact with email ${email} is being merged right now: try again`);
  }

  /** The contact an id was merged into (contact_merges always names the final survivor), or none. */
  private async survivorOf(manager: EntityManager, id: string): Promise<{ id: string; firstName: string; lastName: string } | undefined> {
    const [survivor] = await manager.query(
      `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName" FROM contact_merges m JOIN contacts c ON c.id = m.survivor_id WHERE m.merged_id = $1`,
      [id],
    );
    return survivor;
  }

  /**
   * Why a contact id has no row: merged into another contact (a write must
   * target the survivor, so the error names it), or it never existed.
   */
  private async missing(manager: EntityManager, id: string): Promise<DomainError> {
    const survivor = await this.survivorOf(manager, id);
    if (!survivor) return notFound('Contact', id);
    const name = `${survivor.firstName} ${survivor.lastName}`.trim();
    return new DomainError(ErrorCode.ContactAlreadyMerged, `Contact ${id} was merged into ${name} (${survivor.id}): use that contact instead`, {
      contactId: id,
      survivorId: survivor.id,
    });
  }

  private async requireCustomer(manager: EntityManager, customerId: string): Promise<void> {
    const [customer] = await manager.query(`SELECT id FROM customers WHERE id = $1`, [customerId]);
    if (!customer) throw notFound('Customer', customerId);
  }

  private async emailTaken(manager: EntityManager, email: string) {
    const [existing] = await manager.query(`SELECT id, first_name AS "firstName", last_name AS "lastName" FROM contacts WHERE lower(email) = lower($1)`, [email]);
    // Gone again already (merged or changed since): still a conflict, with no one to name.
    if (!existing) return conflict(`A contact with email ${email} was created meanwhile: try again`);
    const name = `${existing.firstName} ${existing.lastName}`.trim();
    return conflict(`A contact with email ${email} already exists: ${name} (${existing.id})`, { existingId: existing.id });
  }
}
