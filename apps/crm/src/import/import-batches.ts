import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { NewEvent } from '@platform/events';
import { contactEvents } from '../contacts/contact-events';
import { type ContactField, contactsRepository, type ContactUpsert, fullName } from '../contacts/contacts.repository';
import { customersRepository } from '../customers/customers.repository';
import { leadEvents } from '../leads/lead-events';
import { type LeadUpsert, leadsRepository } from '../leads/leads.repository';
import type { ContactRow, LeadRow } from './import-rows';

/** A valid row of the batch, by its file line. */
export interface BatchRow<R> {
  line: number;
  row: R;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows the database state refuses (unknown customer, merged-away contact, converted lead), by line. */
  rejected: Map<number, string>;
  events: NewEvent<unknown>[];
}

const emailsOf = (rows: readonly BatchRow<{ email: string }>[]) => rows.map((r) => r.row.email);

/** The fields an import may change, as crm.contact.updated names them. */
const fieldNames = ['firstName', 'lastName', 'phone', 'title', 'customerId'] as const satisfies readonly ContactField[];

/**
 * Contacts of one batch: read the existing rows (locked, so the changed
 * fields are exact) and the customers named, decide per row, then one upsert
 * for every new or changed row. Unchanged rows are not written at all. Each
 * step is one statement of the owning area (contacts, customers) for the
 * whole batch.
 */
export async function writeContacts(manager: EntityManager, rows: BatchRow<ContactRow>[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: new Map(), events: [] };
  if (!rows.length) return outcome;
  const existing = await contactsRepository.lockByEmailsIn(manager, emailsOf(rows));
  // An email whose contact was merged away leads to the survivor: the row would recreate the duplicate.
  const unknown = rows.map((r, i) => (existing[i] ? null : r.row.email));
  const mergedInto = unknown.some((email) => email !== null) ? await contactsRepository.survivorsByEmailsIn(manager, unknown) : [];
  const named = rows.map((r) => r.row.customerEmail);
  const customerOf = named.some(Boolean) ? await customersRepository.idsByEmailsIn(manager, named) : [];

  const write: ContactUpsert[] = [];
  const changes = new Map<string, ContactField[]>();
  rows.forEach(({ line, row }, i) => {
    const survivor = mergedInto[i];
    if (survivor) {
      outcome.rejected.set(line, `the contact with this email was merged into ${fullName(survivor)} (${survivor.id}): change that contact instead`);
      return;
    }
    const linkedId = customerOf[i] ?? null;
    if (row.customerEmail && !linkedId) {
      outcome.rejected.set(line, `no customer with email ${row.customerEmail}`);
      return;
    }
    const before = existing[i];
    // Blank cells keep what is there: an import never clears a field.
    const after = {
      firstName: row.firstName,
      lastName: row.lastName ?? before?.lastName ?? '',
      phone: row.phone ?? before?.phone ?? null,
      title: row.title ?? before?.title ?? null,
      customerId: linkedId ?? before?.customerId ?? null,
    };
    if (before) {
      const changed = fieldNames.filter((f) => after[f] !== before[f]);
      if (!changed.length) {
        outcome.unchanged++;
        return;
      }
      changes.set(before.id, changed);
    }
    write.push({ id: before?.id ?? randomUUID(), email: row.email, ...after });
  });

  for (const { contact, inserted } of await contactsRepository.upsertBatchIn(manager, write)) {
    if (inserted) {
      outcome.inserted++;
      outcome.events.push(contactEvents.created(contact));
    } else {
      outcome.updated++;
      // A contact created by someone else since the lookup: every field came from the file.
      outcome.events.push(contactEvents.updated(contact, changes.get(contact.id) ?? fieldNames));
    }
  }
  return outcome;
}

const leadFields = ['firstName', 'lastName', 'company', 'phone', 'status'] as const;

/**
 * Leads of one batch, as contacts. A converted lead is history (it became a
 * customer, contact and deal): its row is rejected, not changed. There is no
 * crm.lead.updated contract, so an updated lead emits nothing.
 */
export async function writeLeads(manager: EntityManager, rows: BatchRow<LeadRow>[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: new Map(), events: [] };
  if (!rows.length) return outcome;
  const existing = await leadsRepository.lockByEmailsIn(manager, emailsOf(rows));

  const lineOf = new Map<string, number>();
  const write: LeadUpsert[] = [];
  rows.forEach(({ line, row }, i) => {
    const before = existing[i];
    if (before?.status === 'converted') {
      outcome.rejected.set(line, `lead ${before.id} is already converted: an import does not change converted leads`);
      return;
    }
    const after = {
      firstName: row.firstName ?? before?.firstName ?? '',
      lastName: row.lastName ?? before?.lastName ?? '',
      company: row.company ?? before?.company ?? null,
      phone: row.phone ?? before?.phone ?? null,
      status: row.status ?? before?.status ?? 'new',
    };
    if (before && leadFields.every((f) => after[f] === before[f])) {
      outcome.unchanged++;
      return;
    }
    if (before) lineOf.set(before.id, line);
    write.push({ id: before?.id ?? randomUUID(), email: row.email, ...after, source: row.source });
  });

  // A lead converted since the lookup is not written: its row is rejected.
  const written = await leadsRepository.upsertBatchIn(manager, write);
  for (const { lead } of written) lineOf.delete(lead.id);
  for (const line of lineOf.values()) outcome.rejected.set(line, 'the lead was converted while the import ran: an import does not change converted leads');
  for (const { lead, inserted } of written) {
    if (!inserted) {
      outcome.updated++;
      continue;
    }
    outcome.inserted++;
    outcome.events.push(leadEvents.created(lead));
  }
  return outcome;
}
