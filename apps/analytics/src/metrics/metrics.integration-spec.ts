import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import {
  createEnvelope,
  dealLostV1,
  dealWonV1,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  invoicePostedV1,
  leadConvertedV1,
  leadCreatedV1,
  orderShippedV1,
  platformEvents,
  subscriptionOf,
  ticketOpenedV1,
  ticketResolvedV1,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';

const METRICS = `query($p: MetricsPeriodInput!) { metrics(period: $p) {
  leadsCreated leadToOpportunity opportunityToWin averageSalesCycleDays
  pipelineVelocity { amount currency } averageOrderValue { amount currency } customerLifetimeValue { amount currency }
  churnRate averageTicketResolutionHours averageFulfilmentHours } }`;

describe('analytics metrics by period (real Postgres)', () => {
  let analytics: TestSubgraph;
  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
  });
  afterAll(() => analytics?.close());

  const apply = async <C extends EventContract>(contract: C, subject: string, data: EventData<C>, time: string) => {
    const consumer = analytics.app.get(DomainEventsConsumer);
    const envelope = createEnvelope('test', eventOf(contract, subject, data, { time: new Date(time) }));
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

  it('computes each metric from the events of the period as documented', async () => {
    const [c1, c2, c3, c4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [d1, d2, d3] = [randomUUID(), randomUUID(), randomUUID()];
    const leads = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [i, leadId] of leads.entries()) {
      const at = `2026-03-0${i + 1}T10:00:00.000Z`;
      await apply(
        leadCreatedV1,
        leadId,
        { leadId, email: `m${i}-${leadId}@example.com`, firstName: 'L', lastName: 'M', company: null, source: 'manual', createdAt: at },
        at,
      );
    }
    await apply(
      leadConvertedV1,
      leads[0],
      { leadId: leads[0], customerId: c1, contactId: randomUUID(), dealId: d1, convertedAt: '2026-03-05T00:00:00.000Z' },
      '2026-03-05T00:00:00.000Z',
    );
    await apply(
      leadConvertedV1,
      leads[1],
      { leadId: leads[1], customerId: c1, contactId: randomUUID(), dealId: null, convertedAt: '2026-03-06T00:00:00.000Z' },
      '2026-03-06T00:00:00.000Z',
    );
    const won = (dealId: string, amount: string, at: string) =>
      apply(dealWonV1, dealId, { dealId, customerId: c1, contactId: null, ownerId: 'o', amount: eur(amount), lineItems: [], reason: 'Signed', wonAt: at }, at);
    await won(d1, '1000.00', '2026-03-15T00:00:00.000Z');
    await won(d3, '3000.00', '2026-03-25T00:00:00.000Z');
    await apply(
      dealLostV1,
      d2,
      { dealId: d2, customerId: c4, amount: eur('500.00'), reason: 'Price', lostAt: '2026-03-20T00:00:00.000Z' },
      '2026-03-20T00:00:00.000Z',
    );
    const invoice = (customerId: string, total: { amount: string; currency: string }, at: string) =>
      apply(
        invoicePostedV1,
        randomUUID(),
        { invoiceId: randomUUID(), number: `INV-${randomUUID().slice(0, 6)}`, customerId, dealId: null, total, dueDate: '2026-06-01', postedAt: at },
        at,
      );
    await invoice(c1, eur('1000.00'), '2026-03-16T00:00:00.000Z');
    await invoice(c1, eur('500.00'), '2026-03-26T00:00:00.000Z');
    await invoice(c2, { amount: '300.00', currency: 'USD' }, '2026-02-10T00:00:00.000Z');
    await apply(
      ticketOpenedV1,
      randomUUID(),
      { ticketId: randomUUID(), number: 1, customerId: c3, contactId: null, subject: 'Help', priority: 'normal', openedAt: '2026-02-15T00:00:00.000Z' },
      '2026-02-15T00:00:00.000Z',
    );
    for (const seconds of [7200, 3600]) {
      await apply(
        ticketResolvedV1,
        randomUUID(),
        {
          ticketId: randomUUID(),
          customerId: c3,
          contactId: null,
          firstResponseSeconds: 60,
          resolutionSeconds: seconds,
          resolvedAt: '2026-03-10T00:00:00.000Z',
        },
        '2026-03-10T00:00:00.000Z',
      );
    }
    await apply(
      orderShippedV1,
      randomUUID(),
      { orderId: randomUUID(), orderNumber: 'SO-1', customerId: c1, dealId: d1, shipmentId: randomUUID(), shippedAt: '2026-03-17T00:00:00.000Z' },
      '2026-03-17T00:00:00.000Z',
    );

    const result = await analytics.request<{ metrics: Record<string, unknown> }>(METRICS, {
      p: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.metrics).toEqual({
      leadsCreated: 4,
      leadToOpportunity: 0.25,
      opportunityToWin: 0.6667,
      averageSalesCycleDays: 10,
      // 3 closed x 2000 average won x 0.6667 / 10 days.
      pipelineVelocity: [eur('400.02')],
      averageOrderValue: [eur('750.00')],
      customerLifetimeValue: [eur('1500.00'), { amount: '300.00', currency: 'USD' }],
      // Active in February: c2 and c3; in March only c3 of them.
      churnRate: 0.5,
      averageTicketResolutionHours: 1.5,
      averageFulfilmentHours: 48,
    });

    const empty = await analytics.request<{ metrics: Record<string, unknown> }>(METRICS, {
      p: { from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z' },
    });
    expect(empty.data!.metrics).toMatchObject({ leadsCreated: 0, leadToOpportunity: null, opportunityToWin: null, pipelineVelocity: [], churnRate: null });
  });

  it('refuses a backwards or too long period and callers without metrics:read', async () => {
    const code = async (p: Record<string, string>, as?: Parameters<TestSubgraph['request']>[2]) =>
      (await analytics.request(METRICS, { p }, as)).errors?.[0].extensions?.code;
    expect(await code({ from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toBe('BAD_USER_INPUT');
    expect(await code({ from: '2000-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toBe('BAD_USER_INPUT');
    expect(await code({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, { sub: 'sam', roles: [Role.Support] })).toBe('FORBIDDEN');
  });
});
