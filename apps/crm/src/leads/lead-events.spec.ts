import { createEnvelope, platformEvents } from '@platform/events';
import { leadEvents } from './lead-events';
import type { LeadRow } from './leads.repository';

const row: LeadRow = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'nina@newco.test',
  phone: '+44 1',
  firstName: 'Nina',
  lastName: 'Park',
  company: 'NewCo',
  status: 'new',
  source: 'web_form',
  ownerId: 'u1',
  convertedAt: null,
  convertedCustomerId: null,
  convertedContactId: null,
  convertedDealId: null,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
};

// Each event as the outbox would write it: validated against its contract.
const published = (event: ReturnType<typeof leadEvents.created>) => platformEvents.validate(createEnvelope('crm', event));

describe('leadEvents', () => {
  it('builds crm.lead.created from the row, keyed and timed by the lead, carrying a causing event on', () => {
    const created = published(leadEvents.created(row, { id: 'cause-1', correlationId: 'flow-1' }));
    expect(created).toMatchObject({
      type: 'crm.lead.created',
      version: 1,
      subject: row.id,
      time: '2026-01-01T00:00:00.000Z',
      causationId: 'cause-1',
      correlationId: 'flow-1',
    });
    expect(created.data).toEqual({
      leadId: row.id,
      email: 'nina@newco.test',
      firstName: 'Nina',
      lastName: 'Park',
      company: 'NewCo',
      source: 'web_form',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(published(leadEvents.created(row)).causationId).toBeNull();
  });

  it('builds crm.lead.converted from the converted row, and refuses a lead not converted', () => {
    const convertedAt = new Date('2026-01-03T00:00:00.000Z');
    const converted = {
      ...row,
      status: 'converted' as const,
      convertedAt,
      convertedCustomerId: '00000000-0000-4000-8000-0000000000c1',
      convertedContactId: '00000000-0000-4000-8000-0000000000c2',
    };
    const event = published(leadEvents.converted(converted));
    expect(event).toMatchObject({ type: 'crm.lead.converted', subject: row.id, time: '2026-01-03T00:00:00.000Z' });
    expect(event.data).toEqual({
      leadId: row.id,
      customerId: converted.convertedCustomerId,
      contactId: converted.convertedContactId,
      dealId: null,
      convertedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(() => leadEvents.converted(row)).toThrow(`lead ${row.id} is not converted`);
  });
});
