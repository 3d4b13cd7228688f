import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { badUserInput, notFound } from '@platform/graphql';
import { ContactsService } from '../contacts/contacts.service';
import { CustomersService } from '../customers/customers.service';
import { DealsService } from '../deals/deals.service';
import { LeadsService } from '../leads/leads.service';

/** Records a timeline entry, task or ticket may be attached to. */
export interface LinkIds {
  customerId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
  leadId?: string | null;
}

export interface ResolvedLinks {
  customerId: string | null;
  contactId: string | null;
  dealId: string | null;
  leadId: string | null;
}

/**
 * The records a timeline entry, task or ticket links, checked through the
 * areas that own them (activities, tasks and tickets use it).
 */
@Injectable()
export class LinkedRecords {
  constructor(
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly deals: DealsService,
    private readonly leads: LeadsService,
  ) {}

  /**
   * Checks, in the caller's transaction, that every linked record exists
   * (NOT_FOUND names the first missing one: customer, contact, deal, lead)
   * and fills the customer from the contact or deal, so a customer's
   * timeline, tasks and tickets are found by customer_id alone. A merged
   * contact's id means its survivor. Links that name two different customers
   * are refused. The ids are uuids (the inputs' rules).
   */
  async resolveIn(manager: EntityManager, links: LinkIds): Promise<ResolvedLinks> {
    if (links.customerId && !(await this.customers.existsIn(manager, links.customerId))) throw notFound('Customer', links.customerId);
    // The contact is held (KEY SHARE) until the caller commits, so a merge cannot delete it under the new row's foreign key.
    const contact = links.contactId ? await this.contacts.holdCurrentIn(manager, links.contactId) : undefined;
    if (links.contactId && !contact) throw notFound('Contact', links.contactId);
    const deal = links.dealId ? await this.deals.getIn(manager, links.dealId) : undefined;
    const lead = links.leadId ? await this.leads.findIn(manager, links.leadId) : undefined;
    if (links.leadId && !lead) throw notFound('Lead', links.leadId);

    const owners: [string, string][] = [];
    if (links.customerId) owners.push(['customerId', links.customerId]);
    if (contact?.customerId) owners.push(['contactId', contact.customerId]);
    if (deal) owners.push(['dealId', deal.customerId]);
    const distinct = new Set(owners.map(([, customer]) => customer));
    if (distinct.size > 1) {
      const fields = Object.fromEntries(owners.map(([field, customer]) => [field, [`belongs to customer ${customer}`]]));
      throw badUserInput(`The linked records belong to different customers (${[...distinct].join(', ')}): link records of one customer`, fields);
    }
    return {
      customerId: owners[0]?.[1] ?? null,
      contactId: contact?.id ?? null,
      dealId: deal?.id ?? null,
      leadId: lead?.id ?? null,
    };
  }
}
