import type { EntityManager } from 'typeorm';
import { badUserInput, isUuid, notFound } from '@platform/graphql';

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

interface LinkRow {
  customer: string | null;
  contact: { id: string; customerId: string | null } | null;
  deal: { id: string; customerId: string } | null;
  lead: string | null;
}

/**
 * Checks in one statement that every linked record exists (NOT_FOUND names
 * the first missing one) and fills the customer from the contact or deal, so
 * a customer's timeline, tasks and tickets are found by customer_id alone.
 * A merged contact's id means its survivor. Links that name two different
 * customers are refused.
 */
export async function resolveLinks(manager: EntityManager, links: LinkIds): Promise<ResolvedLinks> {
  const checks: [keyof LinkIds, string][] = [
    ['customerId', 'Customer'],
    ['contactId', 'Contact'],
    ['dealId', 'Deal'],
    ['leadId', 'Lead'],
  ];
  for (const [key, type] of checks) {
    const id = links[key];
    if (id && !isUuid(id)) throw notFound(type, id);
  }
  if (!links.customerId && !links.contactId && !links.dealId && !links.leadId) {
    return { customerId: null, contactId: null, dealId: null, leadId: null };
  }
  // The contact is held (KEY SHARE) until the caller commits, so a merge cannot delete it under the new row's foreign key.
  const read = async (): Promise<LinkRow> =>
    (
      await manager.query(
        `SELECT
           (SELECT id FROM customers WHERE id = $1::uuid) AS customer,
           (SELECT json_build_object('id', id, 'customerId', customer_id) FROM contacts
             WHERE id = coalesce((SELECT survivor_id FROM contact_merges WHERE merged_id = $2::uuid), $2::uuid) FOR KEY SHARE) AS contact,
           (SELECT json_build_object('id', id, 'customerId', customer_id) FROM deals WHERE id = $3::uuid) AS deal,
           (SELECT id FROM leads WHERE id = $4::uuid) AS lead`,
        [links.customerId ?? null, links.contactId ?? null, links.dealId ?? null, links.leadId ?? null],
      )
    )[0];
  let row = await read();
  // A merge that committed while this waited deleted the contact: asked again, the id names the survivor.
  if (links.contactId && !row.contact) row = await read();
  if (links.customerId && !row.customer) throw notFound('Customer', links.customerId);
  if (links.contactId && !row.contact) throw notFound('Contact', links.contactId);
  if (links.dealId && !row.deal) throw notFound('Deal', links.dealId);
  if (links.leadId && !row.lead) throw notFound('Lead', links.leadId);

  const owners: [string, string][] = [];
  if (links.customerId) owners.push(['customerId', links.customerId]);
  if (row.contact?.customerId) owners.push(['contactId', row.contact.customerId]);
  if (row.deal) owners.push(['dealId', row.deal.customerId]);
  const distinct = new Set(owners.map(([, customer]) => customer));
  if (distinct.size > 1) {
    const fields = Object.fromEntries(owners.map(([field, customer]) => [field, [`belongs to customer ${customer}`]]));
    throw badUserInput(`The linked records belong to different customers (${[...distinct].join(', ')}): link records of one customer`, fields);
  }
  return {
    customerId: owners[0]?.[1] ?? null,
    contactId: row.contact?.id ?? null,
    dealId: row.deal?.id ?? null,
    leadId: row.lead ?? null,
  };
}
