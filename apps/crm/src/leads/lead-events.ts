import { type EventEnvelope, eventOf, leadConvertedV1, leadCreatedV1, type NewEvent } from '@platform/events';
import type { LeadRow } from './leads.repository';

/**
 * The events of the lead aggregate, keyed by the lead, built from its row:
 * the one place a lead becomes an event payload (the service and the CSV
 * import both use it). No GraphQL model here: the import runs without Nest.
 */
export const leadEvents = {
  /** crm.lead.created; `causation` carries a capturing event's correlation on. */
  created: (lead: LeadRow, causation?: Pick<EventEnvelope, 'id' | 'correlationId'>): NewEvent<unknown> =>
    eventOf(
      leadCreatedV1,
      lead.id,
      {
        leadId: lead.id,
        email: lead.email,
        firstName: lead.firstName,
        lastName: lead.lastName,
        company: lead.company,
        source: lead.source,
        createdAt: lead.createdAt.toISOString(),
      },
      { time: lead.createdAt, causation },
    ),

  /** crm.lead.converted, from the lead as its conversion left it. */
  converted: (lead: LeadRow): NewEvent<unknown> => {
    const { id, convertedAt, convertedCustomerId: customerId, convertedContactId: contactId, convertedDealId: dealId } = lead;
    if (!convertedAt || !customerId || !contactId) throw new Error(`lead ${id} is not converted`);
    return eventOf(leadConvertedV1, id, { leadId: id, customerId, contactId, dealId, convertedAt: convertedAt.toISOString() }, { time: convertedAt });
  },
};
