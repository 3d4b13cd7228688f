import { createEnvelope, platformEvents } from '@platform/events';
import { contactEvents } from './contact-events';
import type { ContactRow } from './contacts.repository';

const row: ContactRow = {
  id: '00000000-0000-4000-8000-000000000001',
  customerId: '00000000-0000-4000-8000-0000000000c1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@x.test',
  phone: '+44 1',
  title: 'Analyst',
  ownerId: 'u1',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
};

// Each event as the outbox would write it: validated against its contract.
const published = (event: ReturnType<typeof contactEvents.created>) => platformEvents.validate(createEnvelope('crm', event));

describe('contactEvents', () => {
  it('builds created and updated from the same state, keyed and timed by the contact', () => {
    const state = { contactId: row.id, customerId: row.customerId, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@x.test' };
    const created = published(contactEvents.created(row));
    expect(created).toMatchObject({ type: 'crm.contact.created', version: 1, subject: row.id, time: '2026-01-01T00:00:00.000Z' });
    expect(created.data).toEqual({ ...state, createdAt: '2026-01-01T00:00:00.000Z' });
    const updated = published(contactEvents.updated(row, ['email', 'phone']));
    expect(updated).toMatchObject({ type: 'crm.contact.updated', subject: row.id, time: '2026-01-02T00:00:00.000Z' });
    expect(updated.data).toEqual({ ...state, changed: ['email', 'phone'], updatedAt: '2026-01-02T00:00:00.000Z' });
  });

  it('keys a merge by the survivor', () => {
    const mergedAt = new Date('2026-01-03T00:00:00.000Z');
    const merged = published(contactEvents.merged(row.id, '00000000-0000-4000-8000-000000000002', mergedAt));
    expect(merged).toMatchObject({
      type: 'crm.contact.merged',
      subject: row.id,
      data: { survivorId: row.id, mergedId: '00000000-0000-4000-8000-000000000002', mergedAt: '2026-01-03T00:00:00.000Z' },
    });
  });
});
