import { createEnvelope, platformEvents } from '@platform/events';
import { customerEvents } from './customer-events';
import type { CustomerRow } from './customers.repository';

const row: CustomerRow = {
  id: '00000000-0000-4000-8000-0000000000c1',
  name: 'Acme',
  email: 'billing@acme.test',
  kind: 'organisation',
  domain: 'acme.test',
  phone: null,
  ownerId: 'u1',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
};

// Each event as the outbox would write it: validated against its contract.
const published = (event: ReturnType<typeof customerEvents.created>) => platformEvents.validate(createEnvelope('crm', event));

describe('customerEvents', () => {
  it('builds created and updated from the row, keyed and timed by the customer', () => {
    const created = published(customerEvents.created(row));
    expect(created).toMatchObject({ type: 'crm.customer.created', version: 1, subject: row.id, time: '2026-01-01T00:00:00.000Z' });
    expect(created.data).toEqual({ customerId: row.id, name: 'Acme', email: 'billing@acme.test', createdAt: '2026-01-01T00:00:00.000Z' });
    const updated = published(customerEvents.updated(row, ['name', 'domain']));
    expect(updated).toMatchObject({ type: 'crm.customer.updated', subject: row.id, time: '2026-01-02T00:00:00.000Z' });
    expect(updated.data).toEqual({
      customerId: row.id,
      name: 'Acme',
      email: 'billing@acme.test',
      kind: 'organisation',
      changed: ['name', 'domain'],
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
  });
});
