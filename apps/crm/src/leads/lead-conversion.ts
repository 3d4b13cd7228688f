import { CustomerKind } from '../customers/customer.model';

interface LeadIdentity {
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
}

/**
 * The customer a conversion creates when none is linked: named as asked,
 * else after the lead's company, else after the person (else the address);
 * an organisation when there is a company, an individual otherwise.
 */
export function customerFromLead(lead: LeadIdentity, customerName?: string | null): { name: string; kind: CustomerKind } {
  const fullName = `${lead.firstName} ${lead.lastName}`.trim();
  const name = (customerName || lead.company || fullName || lead.email).slice(0, 200);
  return { name, kind: lead.company ? CustomerKind.ORGANISATION : CustomerKind.INDIVIDUAL };
}

/** A contact needs a first name: a lead may have none, so the mailbox name stands in. */
export function contactFirstName(lead: LeadIdentity): string {
  return (lead.firstName || lead.email.split('@')[0] || lead.email).slice(0, 100);
}
