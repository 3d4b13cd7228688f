import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { type EventData, type EventEnvelope, leadConvertedV1, leadCreatedV1, Outbox } from '@platform/events';
import { badUserInput, conflict, type ConnectionShape, DomainError, notFound } from '@platform/graphql';
import { changedFields } from '../shared/changed-fields';
import { sortedConnection } from '../shared/keyset-list';
import { type RecordSort, sortOrderFor } from '../shared/list-sort';
import { prefixTsQuery } from '../shared/text-search';
import { isUniqueViolation } from '../shared/unique-violation';
import type { CreateLeadInput } from './dto/create-lead.input';
import type { LeadFilter } from './dto/leads.args';
import type { UpdateLeadInput } from './dto/update-lead.input';
import { LEAD_COLUMNS, LEAD_NAME_ORDER, type LeadRow, LeadSource, LeadStatus } from './lead.model';
import { CrmErrorCode } from '../shared/crm-error-codes';

const FIELDS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  phone: 'phone',
  status: 'status',
  ownerId: 'owner_id',
} as const;
type Field = keyof typeof FIELDS;

/** A lead a web form or a content download captured. */
export interface CapturedLead {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  source: LeadSource | 'web_form' | 'content_download' | 'import' | 'manual';
}

/** Text cut to a column's limit: captured input comes from outside, not through a validated DTO. */
const clip = (value: string | null | undefined, max: number) => {
  const text = value?.trim() ?? '';
  return text.length > max ? text.slice(0, max) : text;
};

export const leadAlreadyConverted = (lead: LeadRow) =>
  new DomainError(
    CrmErrorCode.LeadAlreadyConverted,
    `Lead ${lead.id} was already converted (customer ${lead.convertedCustomerId}, contact ${lead.convertedContactId}` +
      `${lead.convertedDealId ? `, deal ${lead.convertedDealId}` : ''}); a converted lead cannot change: work on those records instead`,
    { leadId: lead.id, customerId: lead.convertedCustomerId, contactId: lead.convertedContactId, dealId: lead.convertedDealId },
  );

@Injectable()
export class LeadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** A new lead and its crm.lead.created event; CONFLICT naming the lead that already has the email. */
  async create(input: CreateLeadInput, actor?: Identity): Promise<LeadRow> {
    return this.dataSource.transaction(async (manager) => {
      const rows: LeadRow[] = await manager.query(
        `INSERT INTO leads (id, email, first_name, last_name, company, phone, source, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (lower(email)) DO NOTHING RETURNING ${LEAD_COLUMNS('leads')}`,
        [randomUUID(), input.email, input.firstName ?? '', input.lastName ?? '', input.company ?? null, input.phone ?? null, input.source ?? LeadSource.MANUAL, input.ownerId ?? actor?.sub ?? null],
      );
      if (!rows.length) throw await this.emailTaken(manager, input.email);
      await this.emitCreated(manager, rows[0]);
      return rows[0];
    });
  }

  /**
   * Captures a lead inside the caller's transaction (web forms, content
   * downloads): a new lead with its crm.lead.created event (caused by
   * `causation`, so the correlation id carries on), or the existing lead
   * with the same email, its empty fields filled (no event). A concurrent
   * capture of the same email waits on the unique index instead of failing.
   */
  async captureIn(manager: EntityManager, input: CapturedLead, causation?: Pick<EventEnvelope, 'id' | 'correlationId'>): Promise<{ lead: LeadRow; created: boolean }> {
    const email = clip(input.email, 320);
    const firstName = clip(input.firstName, 100);
    const lastName = clip(input.lastName, 100);
    const company = clip(input.company, 200) || null;
    const inserted: LeadRow[] = await manager.query(
      `INSERT INTO leads (id, email, first_name, last_name, company, source) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING ${LEAD_COLUMNS('leads')}`,
      [randomUUID(), email, firstName, lastName, company, input.source],
    );
    if (inserted.length) {
      await this.emitCreated(manager, inserted[0], causation);
      return { lead: inserted[0], created: true };
    }
    // A converted lead is final; others get only what they are missing.
    const [filled]: [LeadRow[], number] = await manager.query(
      `UPDATE leads SET
          first_name = CASE WHEN first_name = '' THEN $2 ELSE first_name END,
          last_name = CASE WHEN last_name = '' THEN $3 ELSE last_name END,
          company = coalesce(company, $4),
          updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
        WHERE lower(email) = lower($1) AND status <> 'converted'
          AND ((first_name = '' AND $2 <> '') OR (last_name = '' AND $3 <> '') OR (company IS NULL AND $4::text IS NOT NULL))
        RETURNING ${LEAD_COLUMNS('leads')}`,
      [email, firstName, lastName, company],
    );
    if (filled.length) return { lead: filled[0], created: false };
    const [existing]: LeadRow[] = await manager.query(`SELECT ${LEAD_COLUMNS('l')} FROM leads l WHERE lower(l.email) = lower($1)`, [email]);
    return { lead: existing, created: false };
  }

  /** The given fields change. A converted lead is final; CONVERTED is set by convert only. */
  async update(id: string, input: UpdateLeadInput): Promise<LeadRow> {
    if (input.status === LeadStatus.CONVERTED) {
      throw badUserInput('A lead becomes CONVERTED through convertLead, which links or creates its customer and contact', { status: ['must not be CONVERTED: use convertLead'] });
    }
    try {
      return await this.updateOnce(id, input);
    } catch (err) {
      // Another transaction took the email after the check below: the same CONFLICT the check gives.
      if (input.email && isUniqueViolation(err, 'leads_email_lower_key')) throw await this.emailTaken(this.dataSource.manager, input.email);
      throw err;
    }
  }

  private async updateOnce(id: string, input: UpdateLeadInput): Promise<LeadRow> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockIn(manager, id);
      if (current.status === LeadStatus.CONVERTED) throw leadAlreadyConverted(current);
      const wanted: Partial<Record<Field, unknown>> = { ...input };
      if (wanted.firstName === null) wanted.firstName = '';
      if (wanted.lastName === null) wanted.lastName = '';
      if (wanted.status === null) delete wanted.status;
      const changed = changedFields(Object.keys(FIELDS) as Field[], wanted, current);
      if (!changed.length) return current;
      if (input.email && input.email.toLowerCase() !== current.email?.toLowerCase()) {
        const [taken] = await manager.query(`SELECT id FROM leads WHERE lower(email) = lower($1) AND id <> $2`, [input.email, id]);
        if (taken) throw await this.emailTaken(manager, input.email);
      }
      const sets = changed.map((field, i) => `${FIELDS[field]} = $${i + 2}`);
      const [[updated]]: [LeadRow[], number] = await manager.query(
        `UPDATE leads SET ${sets.join(', ')}, updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
          WHERE id = $1 RETURNING ${LEAD_COLUMNS('leads')}`,
        [id, ...changed.map((field) => wanted[field])],
      );
      return updated;
    });
  }

  async get(id: string): Promise<LeadRow> {
    const [lead]: LeadRow[] = await this.dataSource.query(`SELECT ${LEAD_COLUMNS('l')} FROM leads l WHERE l.id = $1`, [id]);
    if (!lead) throw notFound('Lead', id);
    return lead;
  }

  /**
   * `personalData`: the caller may read emails (contact.pii:read). Without it
   * the search must not match emails either, or it would reveal them a
   * prefix at a time: the indexed search narrows, the words are then checked
   * against name and company alone.
   */
  async list(first: number, after: string | null | undefined, filter?: LeadFilter | null, sort?: RecordSort | null, personalData = false): Promise<ConnectionShape<LeadRow>> {
    const query = this.dataSource.createQueryBuilder().select(LEAD_COLUMNS('l')).from('leads', 'l');
    const tsquery = prefixTsQuery(filter?.search);
    if (tsquery) query.andWhere(`l.search @@ to_tsquery('simple', :tsquery)`, { tsquery });
    if (tsquery && !personalData) {
      query.andWhere(`to_tsvector('simple', l.first_name || ' ' || l.last_name || ' ' || coalesce(l.company, '')) @@ to_tsquery('simple', :tsquery)`);
    }
    if (filter?.status) query.andWhere('l.status = :status', { status: filter.status });
    if (filter?.source) query.andWhere('l.source = :source', { source: filter.source });
    if (filter?.ownerId) query.andWhere('l.owner_id = :ownerId', { ownerId: filter.ownerId });
    return sortedConnection<LeadRow>(query, sortOrderFor('lead', 'l', LEAD_NAME_ORDER('l'), sort), 'l.id', first, after);
  }

  /** The lead, in the caller's transaction, or none. */
  async findIn(manager: EntityManager, id: string): Promise<LeadRow | undefined> {
    const [lead]: LeadRow[] = await manager.query(`SELECT ${LEAD_COLUMNS('l')} FROM leads l WHERE l.id = $1`, [id]);
    return lead;
  }

  /**
   * The lead, held (KEY SHARE) until the caller commits so a conversion
   * cannot change it meanwhile; none when it is gone or a conversion holds
   * it now (the caller retries later rather than wait).
   */
  async holdIn(manager: EntityManager, id: string): Promise<LeadRow | undefined> {
    const [lead]: LeadRow[] = await manager.query(`SELECT ${LEAD_COLUMNS('l')} FROM leads l WHERE l.id = $1 FOR KEY SHARE SKIP LOCKED`, [id]);
    return lead;
  }

  /** A merge: leads converted into contacts `fromIds` name `toId` instead, in the caller's transaction. */
  async reassignConvertedContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    await manager.query(`UPDATE leads SET converted_contact_id = $1 WHERE converted_contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  }

  /**
   * Marks a lead converted into these records, with its crm.lead.converted
   * event, in the caller's transaction (the conversion holds the lead locked).
   */
  async markConvertedIn(manager: EntityManager, id: string, into: { customerId: string; contactId: string; dealId: string | null }): Promise<LeadRow> {
    const [[converted]]: [LeadRow[], number] = await manager.query(
      `UPDATE leads SET status = 'converted', converted_at = date_trunc('milliseconds', now()),
          converted_customer_id = $2, converted_contact_id = $3, converted_deal_id = $4,
          updated_at = greatest(date_trunc('milliseconds', now()), updated_at)
        WHERE id = $1 RETURNING ${LEAD_COLUMNS('leads')}`,
      [id, into.customerId, into.contactId, into.dealId],
    );
    const convertedAt = converted.convertedAt as Date;
    const data: EventData<typeof leadConvertedV1> = { leadId: id, ...into, convertedAt: convertedAt.toISOString() };
    await this.outbox.emit(manager, leadConvertedV1, id, data, { time: convertedAt });
    return converted;
  }

  /** The lead, locked FOR UPDATE until the caller commits; NOT_FOUND names the id. */
  async lockIn(manager: EntityManager, id: string): Promise<LeadRow> {
    const [lead]: LeadRow[] = await manager.query(`SELECT ${LEAD_COLUMNS('l')} FROM leads l WHERE l.id = $1 FOR UPDATE`, [id]);
    if (!lead) throw notFound('Lead', id);
    return lead;
  }

  private async emitCreated(manager: EntityManager, lead: LeadRow, causation?: Pick<EventEnvelope, 'id' | 'correlationId'>): Promise<void> {
    const data: EventData<typeof leadCreatedV1> = {
      leadId: lead.id,
      email: lead.email as string,
      firstName: lead.firstName,
      lastName: lead.lastName,
      company: lead.company,
      source: lead.source,
      createdAt: lead.createdAt.toISOString(),
    };
    await this.outbox.emit(manager, leadCreatedV1, lead.id, data, { time: lead.createdAt, causation });
  }

  private async emailTaken(manager: EntityManager, email: string) {
    const [existing] = await manager.query(`SELECT id FROM leads WHERE lower(email) = lower($1)`, [email]);
    // Gone again already (changed since): still a conflict, with no one to name.
    if (!existing) return conflict(`A lead with email ${email} was created meanwhile: try again`);
    return conflict(`A lead with email ${email} already exists (${existing.id})`, { existingId: existing.id });
  }
}
