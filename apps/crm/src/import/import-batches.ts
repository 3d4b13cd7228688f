import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { contactCreatedV1, contactUpdatedV1, type EventData, eventOf, leadCreatedV1, type NewEvent } from '@platform/events';
import type { ContactRow, LeadRow } from './import-rows';
import type { ImportableLeadSource } from './import-sources';

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

const fieldNames = ['firstName', 'lastName', 'phone', 'title', 'customerId'] as const;

interface ExistingContact {
  n: number;
  id: string;
  customerId: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  title: string | null;
}

interface WrittenContact {
  id: string;
  customerId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: Date;
  updatedAt: Date;
  inserted: boolean;
}

/**
 * Contacts of one batch: read the existing rows (locked, so the changed
 * fields are exact) and the customers named, decide per row, then one upsert
 * for every new or changed row. Unchanged rows are not written at all.
 */
export async function writeContacts(manager: EntityManager, rows: BatchRow<ContactRow>[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: new Map(), events: [] };
  if (!rows.length) return outcome;
  const existing: ExistingContact[] = await manager.query(
    `SELECT i.n::int AS n, c.id, c.customer_id AS "customerId", c.first_name AS "firstName", c.last_name AS "lastName", c.phone, c.title
       FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
       JOIN contacts c ON lower(c.email) = lower(i.email)
        FOR UPDATE OF c`,
    [rows.map((r) => r.row.email)],
  );
  const byRow = new Map(existing.map((e) => [e.n - 1, e]));
  // An email whose contact was merged away leads to the survivor: the row would recreate the duplicate.
  const mergedInto = new Map<number, { id: string; name: string }>();
  const unknown = rows.map((r, i) => (byRow.has(i) ? null : r.row.email));
  if (unknown.some((email) => email !== null)) {
    const survivors: { n: number; id: string; name: string }[] = await manager.query(
      `SELECT DISTINCT ON (i.n) i.n::int AS n, c.id, trim(c.first_name || ' ' || c.last_name) AS name
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN contact_merges m ON lower(m.merged_email) = lower(i.email)
         JOIN contacts c ON c.id = m.survivor_id
        ORDER BY i.n, m.merged_at DESC`,
      [unknown],
    );
    for (const s of survivors) mergedInto.set(s.n - 1, { id: s.id, name: s.name });
  }
  const customerOf = new Map<number, string>();
  if (rows.some((r) => r.row.customerEmail)) {
    const linked: { n: number; id: string }[] = await manager.query(
      `SELECT i.n::int AS n, cu.id
         FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
         JOIN customers cu ON lower(cu.email) = lower(i.email)`,
      [rows.map((r) => r.row.customerEmail)],
    );
    for (const l of linked) customerOf.set(l.n - 1, l.id);
  }

  const write = { id: [] as string[], customerId: [] as (string | null)[], firstName: [] as string[], lastName: [] as string[], email: [] as string[], phone: [] as (string | null)[], title: [] as (string | null)[] };
  const changes = new Map<string, string[]>();
  rows.forEach(({ line, row }, i) => {
    const survivor = mergedInto.get(i);
    if (survivor) {
      outcome.rejected.set(line, `the contact with this email was merged into ${survivor.name} (${survivor.id}): change that contact instead`);
      return;
    }
    const linkedId = customerOf.get(i) ?? null;
    if (row.customerEmail && !linkedId) {
      outcome.rejected.set(line, `no customer with email ${row.customerEmail}`);
      return;
    }
    const before = byRow.get(i);
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
    write.id.push(before?.id ?? randomUUID());
    write.customerId.push(after.customerId);
    write.firstName.push(after.firstName);
    write.lastName.push(after.lastName);
    write.email.push(row.email);
    write.phone.push(after.phone);
    write.title.push(after.title);
  });
  if (!write.id.length) return outcome;

  // The stored email keeps its case: the key matches case-insensitively.
  const written: WrittenContact[] = await manager.query(
    `INSERT INTO contacts (id, customer_id, first_name, last_name, email, phone, title)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (lower(email)) DO UPDATE SET
       customer_id = coalesce(EXCLUDED.customer_id, contacts.customer_id),
       first_name = EXCLUDED.first_name,
       last_name = EXCLUDED.last_name,
       phone = coalesce(EXCLUDED.phone, contacts.phone),
       title = coalesce(EXCLUDED.title, contacts.title),
       updated_at = date_trunc('milliseconds', now())
     RETURNING id, customer_id AS "customerId", first_name AS "firstName", last_name AS "lastName", email,
               created_at AS "createdAt", updated_at AS "updatedAt", (xmax = 0) AS inserted`,
    [write.id, write.customerId, write.firstName, write.lastName, write.email, write.phone, write.title],
  );
  for (const c of written) {
    const state = { contactId: c.id, customerId: c.customerId, firstName: c.firstName, lastName: c.lastName, email: c.email };
    if (c.inserted) {
      outcome.inserted++;
      const data: EventData<typeof contactCreatedV1> = { ...state, createdAt: c.createdAt.toISOString() };
      outcome.events.push(eventOf(contactCreatedV1, c.id, data, { time: c.createdAt }));
    } else {
      outcome.updated++;
      // A contact created by someone else since the lookup: every field came from the file.
      const changed = changes.get(c.id) ?? [...fieldNames];
      const data: EventData<typeof contactUpdatedV1> = { ...state, changed, updatedAt: c.updatedAt.toISOString() };
      outcome.events.push(eventOf(contactUpdatedV1, c.id, data, { time: c.updatedAt }));
    }
  }
  return outcome;
}

interface ExistingLead {
  n: number;
  id: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phone: string | null;
  status: string;
}

interface WrittenLead {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  source: ImportableLeadSource;
  createdAt: Date;
  inserted: boolean;
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
  const existing: ExistingLead[] = await manager.query(
    `SELECT i.n::int AS n, l.id, l.first_name AS "firstName", l.last_name AS "lastName", l.company, l.phone, l.status
       FROM unnest($1::text[]) WITH ORDINALITY AS i(email, n)
       JOIN leads l ON lower(l.email) = lower(i.email)
        FOR UPDATE OF l`,
    [rows.map((r) => r.row.email)],
  );
  const byRow = new Map(existing.map((e) => [e.n - 1, e]));

  const lineOf = new Map<string, number>();
  const write = {
    id: [] as string[],
    email: [] as string[],
    firstName: [] as string[],
    lastName: [] as string[],
    company: [] as (string | null)[],
    phone: [] as (string | null)[],
    status: [] as string[],
    source: [] as (string | null)[],
  };
  rows.forEach(({ line, row }, i) => {
    const before = byRow.get(i);
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
    write.id.push(before?.id ?? randomUUID());
    write.email.push(row.email);
    write.firstName.push(after.firstName);
    write.lastName.push(after.lastName);
    write.company.push(after.company);
    write.phone.push(after.phone);
    write.status.push(after.status);
    write.source.push(row.source);
  });
  if (!write.id.length) return outcome;

  // The WHERE keeps a lead converted since the lookup as it is. The source
  // is set on insert only: a lead keeps the source it first came from.
  const written: WrittenLead[] = await manager.query(
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
     RETURNING id, email, first_name AS "firstName", last_name AS "lastName", company, source, created_at AS "createdAt", (xmax = 0) AS inserted`,
    [write.id, write.email, write.firstName, write.lastName, write.company, write.phone, write.status, write.source],
  );
  for (const l of written) lineOf.delete(l.id);
  for (const line of lineOf.values()) outcome.rejected.set(line, 'the lead was converted while the import ran: an import does not change converted leads');
  for (const l of written) {
    if (!l.inserted) {
      outcome.updated++;
      continue;
    }
    outcome.inserted++;
    const data: EventData<typeof leadCreatedV1> = {
      leadId: l.id,
      email: l.email,
      firstName: l.firstName,
      lastName: l.lastName,
      company: l.company,
      source: l.source,
      createdAt: l.createdAt.toISOString(),
    };
    outcome.events.push(eventOf(leadCreatedV1, l.id, data, { time: l.createdAt }));
  }
  return outcome;
}
