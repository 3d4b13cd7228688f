import { Role } from '@platform/auth';
import { availabilityChangedV1, createEnvelope, eventOf, type EventEnvelope, inboxHandler, platformEvents, subscriptionOf } from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import { AvailabilityConsumer } from './availability.consumer';

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const UNREPORTED = '33333333-3333-4333-8333-333333333333';
const MISSING = '00000000-0000-4000-8000-00000000dead';

const QUOTE_FIELDS = `id status currency validUntil total { amount currency } deal { id }
  lines { productId description quantity unitPrice { amount currency } total { amount currency } availability { status available asOf } }`;
const CREATE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${QUOTE_FIELDS} } }`;
const transition = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { id status } }`;

describe('crm quotes and stock availability (real Postgres)', () => {
  let crm: TestSubgraph;
  let customerId: string;
  let consume: (envelope: EventEnvelope) => Promise<void>;

  const scalar = async (sql: string, params: unknown[] = []) => Number((await crm.dataSource.query(sql, params))[0].n);
  const footprint = async () => ({
    quotes: await scalar('SELECT count(*) AS n FROM quotes'),
    lines: await scalar('SELECT count(*) AS n FROM quote_lines'),
    statuses: (await crm.dataSource.query(`SELECT string_agg(status, ',' ORDER BY id) AS s FROM quotes`))[0].s,
    outbox: await scalar('SELECT count(*) AS n FROM outbox'),
    audit: await scalar('SELECT count(*) AS n FROM audit_log'),
  });
  const report = (productId: string, available: number, changedAt: string) =>
    createEnvelope('inventory', eventOf(availabilityChangedV1, productId, { productId, sku: `SKU-${available}`, available, changedAt }));
  const availability = async (productId: string) =>
    (await crm.dataSource.query(`SELECT sku, available, as_of AS "asOf" FROM product_availability WHERE product_id = $1`, [productId]))[0];
  const createDeal = async (lineItems: unknown[] | undefined, amount?: unknown) => {
    const result = await crm.request<{ createDeal: { id: string } }>(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, {
      input: { name: 'Quoted', customerId, lineItems, amount },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.createDeal.id;
  };

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    const consumer = crm.app.get(AvailabilityConsumer);
    const handle = inboxHandler({
      dataSource: crm.dataSource,
      registry: platformEvents,
      group: consumer.group,
      handlers: subscriptionOf(consumer.bindings).handlers,
    });
    consume = (envelope) =>
      handle({ value: JSON.stringify(envelope), key: envelope.subject, partition: 0, offset: '0', topic: availabilityChangedV1.topic, headers: {} });
    const customer = await crm.request<{ createCustomer: { id: string } }>(
      `mutation { createCustomer(input: { name: "Quoter", email: "q@quoter.test" }) { id } }`,
    );
    customerId = customer.data!.createCustomer.id;
    await consume(report(P1, 10, '2026-01-01T10:00:00.000Z'));
    await consume(report(P2, 3, '2026-01-01T10:00:00.000Z'));
  });
  afterAll(() => crm?.close());

  describe('AvailabilityConsumer (group crm.availability)', () => {
    it('is registered with the crm consumers under its group and topic', () => {
      const consumer = crm.app.get(AvailabilityConsumer);
      expect(consumer.group).toBe('crm.availability');
      expect(subscriptionOf(consumer.bindings).topics).toEqual(['inventory.stock']);
    });

    it('keeps the newest report: a newer one replaces it, an older one arriving late changes nothing', async () => {
      const product = '44444444-4444-4444-8444-444444444444';
      await consume(report(product, 5, '2026-02-01T10:00:00.000Z'));
      expect(await availability(product)).toEqual({ sku: 'SKU-5', available: 5, asOf: new Date('2026-02-01T10:00:00.000Z') });
      await consume(report(product, 8, '2026-02-01T11:00:00.000Z'));
      await consume(report(product, 1, '2026-02-01T10:30:00.000Z'));
      expect(await availability(product)).toEqual({ sku: 'SKU-8', available: 8, asOf: new Date('2026-02-01T11:00:00.000Z') });
    });

    it('stores a report beyond 32 bits (valid by the contract) at the bound instead of failing the event', async () => {
      const product = '77777777-7777-4777-8777-777777777777';
      await consume(report(product, 3_000_000_000, '2026-04-01T10:00:00.000Z'));
      expect((await availability(product)).available).toBe(2_147_483_647);
      await consume(report(product, -3_000_000_000, '2026-04-01T11:00:00.000Z'));
      expect((await availability(product)).available).toBe(-2_147_483_648);
    });

    it('takes the later of two reports of the same instant, as they arrive in the order inventory sent them', async () => {
      const product = '88888888-8888-4888-8888-888888888888';
      await consume(report(product, 5, '2026-05-01T10:00:00.000Z'));
      await consume(report(product, 0, '2026-05-01T10:00:00.000Z'));
      expect((await availability(product)).available).toBe(0);
    });

    it('applies the same event once: a redelivery is acknowledged without effect', async () => {
      const product = '55555555-5555-4555-8555-555555555555';
      const first = report(product, 2, '2026-03-01T10:00:00.000Z');
      await consume(first);
      await crm.dataSource.query(`UPDATE product_availability SET available = 99 WHERE product_id = $1`, [product]);
      await consume(first);
      expect((await availability(product)).available).toBe(99);
      expect(await scalar(`SELECT count(*) AS n FROM inbox WHERE consumer_group = 'crm.availability' AND event_id = $1`, [first.id])).toBe(1);
    });
  });

  describe('createQuote', () => {
    it("copies the deal's line items, in its currency, with each line's availability", async () => {
      const dealId = await createDeal([
        { productId: P1, description: 'Widgets', quantity: 4, unitPrice: { amount: '2.50', currency: 'EUR' } },
        { productId: UNREPORTED, quantity: 100, unitPrice: { amount: '1', currency: 'EUR' } },
      ]);
      const result = await crm.request(CREATE, { input: { dealId, validUntil: '2099-12-31' } }, { sub: 's', roles: [Role.Sales] });
      expect(result.errors).toBeUndefined();
      expect(result.data!.createQuote).toMatchObject({
        status: 'DRAFT',
        currency: 'EUR',
        validUntil: '2099-12-31',
        total: { amount: '110.00', currency: 'EUR' },
        deal: { id: dealId },
        lines: [
          {
            productId: P1,
            description: 'Widgets',
            quantity: 4,
            unitPrice: { amount: '2.50', currency: 'EUR' },
            total: { amount: '10.00', currency: 'EUR' },
            availability: { status: 'AVAILABLE', available: 10, asOf: '2026-01-01T10:00:00.000Z' },
          },
          { productId: UNREPORTED, quantity: 100, availability: { status: 'UNKNOWN', available: null, asOf: null } },
        ],
      });
    });

    it('answers INSUFFICIENT_STOCK naming the product and quantities (summed over lines) and writes nothing', async () => {
      const dealId = await createDeal(undefined, { amount: '100', currency: 'EUR' });
      const before = await footprint();
      const result = await crm.request(CREATE, {
        input: {
          dealId,
          lines: [
            { productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
            { productId: P2, quantity: 2, unitPrice: { amount: '1', currency: 'EUR' } },
            { productId: P2, quantity: 2, unitPrice: { amount: '1', currency: 'EUR' } },
          ],
        },
      });
      expect(result.errors?.[0].extensions).toEqual({ code: 'INSUFFICIENT_STOCK', productId: P2, requested: 4, available: 3 });
      expect(result.errors?.[0].message).toContain(`Product ${P2}: 4 requested but only 3 available`);
      expect(await footprint()).toEqual(before);
    });

    it.each([
      ['lines in another currency than the deal', { lines: [{ productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'USD' } }] }, 'BAD_USER_INPUT'],
      [
        'mixed currencies',
        {
          lines: [
            { productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
            { productId: P2, quantity: 1, unitPrice: { amount: '1', currency: 'USD' } },
          ],
        },
        'BAD_USER_INPUT',
      ],
      ['no lines on a deal without line items', {}, 'BAD_USER_INPUT'],
      ['an empty list of lines', { lines: [] }, 'BAD_USER_INPUT'],
      [
        'a validUntil in the past',
        { lines: [{ productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } }], validUntil: '2001-01-01' },
        'BAD_USER_INPUT',
      ],
    ])('refuses %s with %s and writes nothing', async (_case, input, code) => {
      const dealId = await createDeal(undefined, { amount: '100', currency: 'EUR' });
      const before = await footprint();
      const result = await crm.request(CREATE, { input: { dealId, ...input } });
      expect(result.errors?.[0].extensions?.code).toBe(code);
      expect(await footprint()).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown deal', async () => {
      const result = await crm.request(CREATE, {
        input: { dealId: MISSING, lines: [{ productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } }] },
      });
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('status transitions', () => {
    const draft = async (quantity = 1) => {
      const dealId = await createDeal([{ productId: P1, quantity, unitPrice: { amount: '1', currency: 'EUR' } }]);
      const created = await crm.request<{ createQuote: { id: string } }>(CREATE, { input: { dealId } });
      return created.data!.createQuote.id;
    };

    it('goes draft → sent → accepted, and draft → rejected, sent → rejected', async () => {
      const a = await draft();
      expect((await crm.request(transition('sendQuote'), { id: a })).data).toEqual({ sendQuote: { id: a, status: 'SENT' } });
      expect((await crm.request(transition('acceptQuote'), { id: a })).data).toEqual({ acceptQuote: { id: a, status: 'ACCEPTED' } });
      const b = await draft();
      expect((await crm.request(transition('rejectQuote'), { id: b })).data).toEqual({ rejectQuote: { id: b, status: 'REJECTED' } });
      const c = await draft();
      await crm.request(transition('sendQuote'), { id: c });
      expect((await crm.request(transition('rejectQuote'), { id: c })).data).toEqual({ rejectQuote: { id: c, status: 'REJECTED' } });
    });

    it('refuses every other transition with ILLEGAL_QUOTE_TRANSITION and changes nothing', async () => {
      const d = await draft();
      const accepted = await draft();
      await crm.request(transition('sendQuote'), { id: accepted });
      await crm.request(transition('acceptQuote'), { id: accepted });
      const rejected = await draft();
      await crm.request(transition('rejectQuote'), { id: rejected });
      const before = await footprint();
      for (const [mutation, id, from, to] of [
        ['acceptQuote', d, 'DRAFT', 'ACCEPTED'],
        ['sendQuote', accepted, 'ACCEPTED', 'SENT'],
        ['rejectQuote', accepted, 'ACCEPTED', 'REJECTED'],
        ['acceptQuote', rejected, 'REJECTED', 'ACCEPTED'],
        ['sendQuote', rejected, 'REJECTED', 'SENT'],
      ]) {
        const result = await crm.request(transition(mutation), { id });
        expect(result.errors?.[0].extensions).toEqual({ code: 'ILLEGAL_QUOTE_TRANSITION', quoteId: id, from, to });
      }
      expect(await footprint()).toEqual(before);
    });

    it('checks stock again when sending: a shortage reported since the draft refuses it', async () => {
      const product = '66666666-6666-4666-8666-666666666666';
      await consume(report(product, 5, '2026-04-01T10:00:00.000Z'));
      const dealId = await createDeal([{ productId: product, quantity: 4, unitPrice: { amount: '1', currency: 'EUR' } }]);
      const id = (await crm.request<{ createQuote: { id: string } }>(CREATE, { input: { dealId } })).data!.createQuote.id;
      await consume(report(product, 2, '2026-04-01T11:00:00.000Z'));
      const before = await footprint();
      const sent = await crm.request(transition('sendQuote'), { id });
      expect(sent.errors?.[0].extensions).toEqual({ code: 'INSUFFICIENT_STOCK', productId: product, requested: 4, available: 2 });
      expect(await footprint()).toEqual(before);
      const line = await crm.request(`query($id: ID!) { quote(id: $id) { status lines { availability { status available } } } }`, { id });
      expect(line.data).toEqual({ quote: { status: 'DRAFT', lines: [{ availability: { status: 'INSUFFICIENT', available: 2 } }] } });
    });
  });

  describe('reading', () => {
    it('lists quotes by deal and status, and Deal.quotes, with batched lines and availability', async () => {
      const dealIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const dealId = await createDeal([
          { productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
          { productId: P2, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
        ]);
        dealIds.push(dealId);
        for (let j = 0; j < 2; j++) await crm.request(CREATE, { input: { dealId } });
      }
      const byDeal = await crm.request<{ quotes: { nodes: { id: string }[] } }>(
        `query($d: ID!) { quotes(filter: { dealId: $d, status: DRAFT }) { nodes { id } } }`,
        { d: dealIds[0] },
      );
      expect(byDeal.data!.quotes.nodes).toHaveLength(2);
      const query = `query($ids: ID!) { deals(first: 100, filter: { customerId: $ids }) { nodes { id quotes(first: 5) { nodes { ${QUOTE_FIELDS} } } } } }`;
      const before = await crm.queryCount();
      const result = await crm.request<{ deals: { nodes: { id: string; quotes: { nodes: { lines: unknown[] }[] } }[] } }>(query, { ids: customerId });
      expect(result.errors).toBeUndefined();
      const statements = (await crm.queryCount()) - before;
      const last = result.data!.deals.nodes.filter((d) => dealIds.includes(d.id));
      expect(last.map((d) => d.quotes.nodes.length)).toEqual([2, 2, 2]);
      expect(last[0].quotes.nodes[0].lines).toHaveLength(2);
      // deals, quotes per deal, quote lines, availability, deal of each quote
      expect(statements).toBeLessThanOrEqual(5);
    });

    it('refuses quote reads to roles without quote:read', async () => {
      const result = await crm.request(`{ quotes { nodes { id } } }`, {}, { sub: 'a', roles: [Role.Analyst] });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });
});
