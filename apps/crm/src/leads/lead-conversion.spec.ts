import { CustomerKind } from '../customers/customer.model';
import { contactFirstName, customerFromLead } from './lead-conversion';

describe('lead conversion rules', () => {
  const lead = { email: 'nina@newco.test', firstName: 'Nina', lastName: 'Park', company: 'NewCo' as string | null };

  it('names the customer as asked, else after the company, else the person, else the address', () => {
    expect(customerFromLead(lead, 'NewCo Holdings')).toEqual({ name: 'NewCo Holdings', kind: CustomerKind.ORGANISATION });
    expect(customerFromLead(lead)).toEqual({ name: 'NewCo', kind: CustomerKind.ORGANISATION });
    expect(customerFromLead({ ...lead, company: null })).toEqual({ name: 'Nina Park', kind: CustomerKind.INDIVIDUAL });
    expect(customerFromLead({ ...lead, company: null, firstName: '', lastName: '' })).toEqual({ name: 'nina@newco.test', kind: CustomerKind.INDIVIDUAL });
  });

  it('gives a contact without a first name the mailbox name', () => {
    expect(contactFirstName(lead)).toBe('Nina');
    expect(contactFirstName({ ...lead, firstName: '' })).toBe('nina');
  });
});
