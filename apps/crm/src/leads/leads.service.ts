import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { type EventEnvelope, Outbox } from '@platform/events';
import { badUserInput, conflict, type ConnectionShape, DomainError, notFound } from '@platform/graphql';
import { changedFields } from '../shared/changed-fields';
import { sortedConnection } from '../shared/keyset-list';
import { type RecordSort, sortOrderFor } from '../shared/list-sort';
import { prefixTsQuery } from '../shared/text-search';
import { isUniqueViolation } from '../shared/unique-violation';
import type { CreateLeadInput } from './dto/create-lead.input';
import type { LeadFilter } from './dto/leads.args';
import type { UpdateLeadInput } from './dto/update-lead.input';
import { leadEvents } from './lead-events';
import { LeadSource, LeadStatus } from './lead.model';
import { LEAD_FIELDS, LEAD_NAME_ORDER, type LeadConversionTargets, type LeadField, type LeadRow, leads, leadsRepository } from './leads.repository';
import { CrmErrorCode } from '../shared/crm-error-codes';

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
      const lead = await leadsRepository.insert(manager, {
        id: randomUUID(),
        email: input.email,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        company: input.company ?? null,
        phone: input.phone ?? null,
        source: input.source ?? LeadSource.MANUAL,
        ownerId: input.ownerId ?? actor?.sub ?? null,
      });
      if (!lead) throw await this.emailTaken(manager, input.email);
      await this.outbox.append(manager, [leadEvents.created(lead)]);
      return lead;
    });
  }

  /**
   * Captures a lead inside the caller's transaction (web forms, content
   * downloads): a new lead with its crm.lead.created event (caused by
   * `causation`, so the correlation id carries on), or the existing lead
   * with the same email, its empty fields filled (no event). A concurrent
   * capture of the same email waits on the unique index instead of failing.
   */
  async captureIn(
    manager: EntityManager,
    input: CapturedLead,
    causation?: Pick<EventEnvelope, 'id' | 'correlationId'>,
  ): Promise<{ lead: LeadRow; created: boolean }> {
    const email = clip(input.email, 320);
    const firstName = clip(input.firstName, 100);
    const lastName = clip(input.lastName, 100);
    const company = clip(input.company, 200) || null;
    const inserted = await leadsRepository.insert(manager, {
      id: randomUUID(),
      email,
      firstName,
      lastName,
      company,
      phone: null,
      source: input.source,
      ownerId: null,
    });
    if (inserted) {
      await this.outbox.append(manager, [leadEvents.created(inserted, causation)]);
      return { lead: inserted, created: true };
    }
    // A converted lead is final; others get only what they are missing.
    const filled = await leadsRepository.fillGaps(manager, email, { firstName, lastName, company });
    if (filled) return { lead: filled, created: false };
    const existing = await leadsRepository.withEmail(manager, email);
    // The insert met this email's lead: only a delete since could remove it.
    if (!existing) throw new Error(`leads: the lead with email ${email} vanished during its capture`);
    return { lead: existing, created: false };
  }

  /** The given fields change. A converted lead is final; CONVERTED is set by convert only. */
  async update(id: string, input: UpdateLeadInput): Promise<LeadRow> {
    if (input.status === LeadStatus.CONVERTED) {
      throw badUserInput('A lead becomes CONVERTED through convertLead, which links or creates its customer and contact', {
        status: ['must not be CONVERTED: use convertLead'],
      });
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
      const wanted: Partial<Record<LeadField, unknown>> = { ...input };
      if (wanted.firstName === null) wanted.firstName = '';
      if (wanted.lastName === null) wanted.lastName = '';
      if (wanted.status === null) delete wanted.status;
      const changed = changedFields(Object.keys(LEAD_FIELDS) as LeadField[], wanted, current);
      if (!changed.length) return current;
      if (input.email && input.email.toLowerCase() !== current.email.toLowerCase()) {
        if (await leadsRepository.withEmail(manager, input.email, id)) throw await this.emailTaken(manager, input.email);
      }
      return leadsRepository.write(
        manager,
        id,
        changed,
        changed.map((field) => wanted[field]),
      );
    });
  }

  async get(id: string): Promise<LeadRow> {
    const lead = await leadsRepository.byId(this.dataSource, id);
    if (!lead) throw notFound('Lead', id);
    return lead;
  }

  /** `personalData`: the caller may read emails (contact.pii:read), so the search may match them. */
  async list(
    first: number,
    after: string | null | undefined,
    filter?: LeadFilter | null,
    sort?: RecordSort | null,
    personalData = false,
  ): Promise<ConnectionShape<LeadRow>> {
    const query = leadsRepository.listQuery(this.dataSource, filter, prefixTsQuery(filter?.search), personalData);
    return sortedConnection(query, sortOrderFor('lead', 'l', LEAD_NAME_ORDER, sort), 'l.id', first, after, leads.read);
  }

  /** The lead, in the caller's transaction, or none. */
  findIn(manager: EntityManager, id: string): Promise<LeadRow | undefined> {
    return leadsRepository.byId(manager, id);
  }

  /**
   * The lead, held (KEY SHARE) until the caller commits so a conversion
   * cannot change it meanwhile; none when it is gone or a conversion holds
   * it now (the caller retries later rather than wait).
   */
  holdIn(manager: EntityManager, id: string): Promise<LeadRow | undefined> {
    return leadsRepository.byId(manager, id, 'key share, skip locked');
  }

  /** A merge: leads converted into contacts `fromIds` name `toId` instead, in the caller's transaction. */
  async reassignConvertedContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    await leadsRepository.reassignConvertedContact(manager, fromIds, toId);
  }

  /**
   * Marks a lead converted into these records, with its crm.lead.converted
   * event, in the caller's transaction (the conversion holds the lead locked).
   */
  async markConvertedIn(manager: EntityManager, id: string, into: LeadConversionTargets): Promise<LeadRow> {
    const converted = await leadsRepository.markConverted(manager, id, into);
    await this.outbox.append(manager, [leadEvents.converted(converted)]);
    return converted;
  }

  /** The lead, locked FOR UPDATE until the caller commits; NOT_FOUND names the id. */
  async lockIn(manager: EntityManager, id: string): Promise<LeadRow> {
    const lead = await leadsRepository.byId(manager, id, 'update');
    if (!lead) throw notFound('Lead', id);
    return lead;
  }

  private async emailTaken(manager: EntityManager, email: string) {
    const existing = await leadsRepository.withEmail(manager, email);
    // Gone again already (changed since): still a conflict, with no one to name.
    if (!existing) return conflict(`A lead with email ${email} was created meanwhile: try again`);
    return conflict(`A lead with email ${email} already exists (${existing.id})`, { existingId: existing.id });
  }
}
