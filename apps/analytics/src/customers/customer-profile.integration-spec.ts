import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  dealWonV1,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  invoicePaidV1,
  invoicePostedV1,
  orderShippedV1,
  platformEvents,
  subscriptionOf,
  ticketOpenedV1,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';

const PROFILES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id profile { id firstSeenAt } } } }`;

describe('analytics Customer.profile (real Postgres)', () => {
  let analytics: TestSubgraph;
  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
  });
  afterAll(() => analytics?.close());

  const load = (ids: string[]) =>
    analytics.request<{ _entities: { id: string; profile: { id: string; firstSeenAt: string } }[] }>(PROFILES, {
      r: ids.map((id) => ({ __typename: 'Customer', id })),
    });

  it('opens one profile per customer and keeps it stable', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const first = await load([a, b, a]);
    expect(first.errors).toBeUndefined();
    const [pa, pb, pa2] = first.data!._entities.map((e) => e.profile);
    expect(pa.id).not.toBe(pb.id);
    expect(pa2).toEqual(pa);
    const again = await load([b, a]);
    expect(again.data!._entities.map((e) => e.profile)).toEqual([pb, pa]);
    const rows = await analytics.dataSource.query('SELECT count(*)::int AS n FROM profiles WHERE customer_id = ANY($1::uuid[])', [[a, b]]);
    expect(rows[0].n).toBe(2);
  });

  it('reads and opens the profiles of a whole batch with one statement', async () => {
    const existing = randomUUID();
    await load([existing]);
    const before = await analytics.queryCount();
    const result = await load([existing, ...Array.from({ length: 100 }, () => randomUUID())]);
    expect(result.data!._entities).toHaveLength(101);
    expect((await analytics.queryCount()) - before).toBe(1);
  });

  it('rolls up what crm, finance and inventory reported about the customer', async () => {
    const customerId = randomUUID();
    const apply = async <C extends EventContract>(contract: C, subject: string, data: EventData<C>, time?: string) => {
      const consumer = analytics.app.get(DomainEventsConsumer);
      // Producers stamp an event with the time of the change.
      const envelope = createEnvelope('test', eventOf(contract, subject, data, { time: time ? new Date(time) : undefined }));
      await inboxHandler({
        dataSource: analytics.dataSource,
        registry: platformEvents,
        group: consumer.group,
        handlers: subscriptionOf(consumer.bindings).handlers,
      })({
        value: JSON.stringify(envelope),
        key: subject,
        partition: 0,
        offset: '0',
        topic: contract.topic,
        headers: {},
      });
    };
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    const dealId = randomUUID();
    await apply(dealWonV1, dealId, {
      dealId,
      customerId,
      contactId: null,
      ownerId: 'o',
      amount: eur('900.00'),
      lineItems: [],
      reason: 'Signed',
      wonAt: '2026-01-01T00:00:00.000Z',
    });
    const [late, current] = [randomUUID(), randomUUID()];
    const post = (invoiceId: string, total: string, dueDate: string) =>
      apply(invoicePostedV1, invoiceId, {
        invoiceId,
        number: `INV-${invoiceId.slice(0, 4)}`,
        customerId,
        dealId,
        total: eur(total),
        dueDate,
        postedAt: '2026-01-02T00:00:00.000Z',
      });
    await post(late, '500.00', '2026-01-31');
    await post(current, '400.00', '2999-01-31');
    await post(randomUUID(), '100.00', '2026-02-28');
    await apply(invoicePaidV1, late, { invoiceId: late, number: 'x', customerId, amountPaid: eur('500.00'), paidAt: '2026-02-01T00:00:00.000Z' });
    await apply(ticketOpenedV1, randomUUID(), {
      ticketId: randomUUID(),
      number: 7,
      customerId,
      contactId: null,
      subject: 'Help',
      priority: 'high',
      openedAt: '2026-02-02T00:00:00.000Z',
    });
    await apply(
      orderShippedV1,
      randomUUID(),
      { orderId: randomUUID(), orderNumber: 'SO-9', customerId, dealId, shipmentId: randomUUID(), shippedAt: '2026-02-03T00:00:00.000Z' },
      '2026-02-03T00:00:00.000Z',
    );
    const result = await analytics.request<{ _entities: { profile: Record<string, unknown> }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { profile {
         wonDeals wonRevenue { amount currency } invoiced { amount currency } paid { amount currency } openBalance { amount currency }
         overdueInvoices openTickets orders lastOrderAt lastSeenAt } } } }`,
      { r: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0].profile).toEqual({
      wonDeals: 1,
      wonRevenue: [eur('900.00')],
      invoiced: [eur('1000.00')],
      paid: [eur('500.00')],
      openBalance: [eur('500.00')],
      overdueInvoices: 1,
      openTickets: 1,
      orders: 1,
      lastOrderAt: '2026-02-03T00:00:00.000Z',
      lastSeenAt: expect.any(String),
    });
  });
});
