import { randomUUID } from 'node:crypto';
import { ClientError } from 'graphql-request';
import { Role } from '@platform/auth';
import {
  availabilityChangedV1,
  contentDownloadedV1,
  createEnvelope,
  createEventBus,
  dealWonV1,
  type EventBus,
  type EventContract,
  type EventData,
  type EventEnvelope,
  eventOf,
  invoicePostedV1,
  orderShippedV1,
  platformEvents,
  type Subscription,
} from '@platform/events';
import { eventually } from '@platform/testing';
import { gatewayClient, platform, sql } from './platform';

/** Events take a hop or two (and a Kafka rebalance): poll for up to 30 s, five times a second. */
const settle = <T>(check: () => Promise<T | undefined | false>, what: string) => eventually(check, what, 30_000, 200);

/**
 * CRM flows across process boundaries: other services' events arrive over the
 * real bus (embedded log, or Kafka under `npm run test:kafka`) and change what
 * the gateway shows; what crm decides (a won deal) leaves on the bus.
 */
describe('CRM flows through the gateway and the event bus', () => {
  const admin = gatewayClient([Role.Admin]);
  const sales = gatewayClient([Role.Sales]);
  let bus: EventBus;
  const received: EventEnvelope[] = [];
  let watch: Subscription;

  beforeAll(async () => {
    const events = new URL(platform().postgresUrl ?? 'postgres://unused');
    events.pathname = '/events';
    bus = createEventBus({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, EVENTS_DATABASE_URL: events.toString() }, 'e2e-crm-flows');
    // A group of its own reads crm.deal from the earliest offset.
    watch = await bus.subscribe({
      group: `e2e-crm-flows-${randomUUID()}`,
      topics: [dealWonV1.topic],
      handle: async (message) => {
        received.push(platformEvents.parse(message.value));
      },
    });
  });
  afterAll(async () => {
    await watch?.stop();
    await bus?.close();
  });

  const publish = <C extends EventContract>(source: string, contract: C, subject: string, data: EventData<C>) => {
    const envelope = createEnvelope(source, eventOf(contract, subject, data));
    return bus.publish([{ topic: contract.topic, key: subject, value: JSON.stringify(platformEvents.validate(envelope)) }]);
  };

  it('a gated download becomes a lead with a timeline entry, enrolled in the matching sequence, which mails it', async () => {
    const contentId = randomUUID();
    const email = `reader-${randomUUID()}@example.test`;
    const { createEmailTemplate } = await admin.request<{ createEmailTemplate: { id: string } }>(
      `mutation($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { id } }`,
      { i: { name: `Ebook follow-up ${randomUUID()}`, subject: 'Thanks, {{firstName}}', body: 'Here is more.' } },
    );
    const { createNurtureSequence } = await admin.request<{ createNurtureSequence: { id: string } }>(
      `mutation($i: CreateNurtureSequenceInput!) { createNurtureSequence(input: $i) { id } }`,
      {
        i: {
          name: `Ebook nurture ${randomUUID()}`,
          trigger: { kind: 'CONTENT_DOWNLOAD', ref: contentId },
          steps: [
            { kind: 'SEND_EMAIL', templateId: createEmailTemplate.id },
            { kind: 'CREATE_TASK', title: 'Call the reader', dueInDays: 2 },
          ],
        },
      },
    );
    await publish('cms', contentDownloadedV1, contentId, {
      downloadId: randomUUID(),
      contentId,
      contentTitle: 'The pricing guide',
      email,
      firstName: 'Rita',
      lastName: 'Reader',
      company: 'Readers Ltd',
      anonymousId: null,
      downloadedAt: new Date().toISOString(),
    });

    type Leads = { leads: { nodes: { id: string; email: string; firstName: string; source: string; status: string }[] } };
    const lead = await settle(async () => {
      const { leads } = await sales.request<Leads>(
        `query($q: String) { leads(first: 5, filter: { search: $q }) { nodes { id email firstName source status } } }`,
        { q: email },
      );
      return leads.nodes[0];
    }, 'the lead from the download');
    expect(lead).toMatchObject({ email, firstName: 'Rita', source: 'CONTENT_DOWNLOAD', status: 'NEW' });

    const { timeline } = await sales.request<{ timeline: { nodes: { kind: string; subject: string }[] } }>(
      `query($s: TimelineSubjectInput!) { timeline(subject: $s, first: 5, kinds: [CONTENT_DOWNLOADED]) { nodes { kind subject } } }`,
      { s: { leadId: lead.id } },
    );
    expect(timeline.nodes).toEqual([{ kind: 'CONTENT_DOWNLOADED', subject: 'Downloaded "The pricing guide"' }]);

    type Enrolments = { enrolments: { nodes: { id: string; status: string; stepsRun: { position: number }[] }[] } };
    const enrolment = await settle(async () => {
      const { enrolments } = await admin.request<Enrolments>(
        `query($s: ID!) { enrolments(sequenceId: $s, first: 5) { nodes { id status stepsRun { position } } } }`,
        {
          s: createNurtureSequence.id,
        },
      );
      return enrolments.nodes[0]?.status === 'COMPLETED' ? enrolments.nodes : undefined;
    }, 'the sequence to run both steps');
    expect(enrolment).toHaveLength(1);
    expect(enrolment[0].stepsRun.map((s) => s.position)).toEqual([0, 1]);
    const { tasks } = await admin.request<{ tasks: { nodes: { title: string }[] } }>(
      `{ tasks(first: 100, sort: { field: CREATED_AT, direction: DESC }) { nodes { title } } }`,
    );
    expect(tasks.nodes.map((t) => t.title)).toContain('Call the reader');
  });

  it('a lead converts into a customer and a deal, quoted against reported stock, won with its line items on the bus', async () => {
    const email = `buyer-${randomUUID()}@example.test`;
    const productId = randomUUID();
    const { createLead } = await sales.request<{ createLead: { id: string } }>(`mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`, {
      i: { email, firstName: 'Bea', lastName: 'Buyer', company: `Buyer Corp ${randomUUID().slice(0, 6)}` },
    });
    const { convertLead } = await sales.request<{ convertLead: { customer: { id: string }; contact: { id: string }; dealId: string } }>(
      `mutation($id: ID!, $i: ConvertLeadInput) { convertLead(id: $id, input: $i) { customer { id } contact { id } dealId } }`,
      { id: createLead.id, i: { deal: { name: 'Buyer Corp rollout', amount: { amount: '0.00', currency: 'EUR' } } } },
    );
    const { customer, contact, dealId } = convertLead;

    await sales.request(`mutation($d: ID!, $l: [DealLineItemInput!]!) { setDealLineItems(dealId: $d, lineItems: $l) { id } }`, {
      d: dealId,
      l: [{ productId, description: 'Widget', quantity: 4, unitPrice: { amount: '250.00', currency: 'EUR' } }],
    });
    await sales.request(`mutation($d: ID!, $s: ID!) { moveDealStage(dealId: $d, stageId: $s) { id } }`, {
      d: dealId,
      s: '00000000-0000-4000-8000-000000000103',
    });

    // Inventory reports 3 available: a quote for 4 is refused, nothing written.
    await publish('inventory', availabilityChangedV1, productId, { productId, sku: 'WID-1', available: 3, changedAt: new Date().toISOString() });
    const quoteFor = (quantity: number) =>
      sales.request<{ createQuote: { id: string; lines: { availability: { status: string; available: number | null } }[] } }>(
        `mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id lines { availability { status available } } } }`,
        { i: { dealId, lines: [{ productId, quantity, unitPrice: { amount: '250.00', currency: 'EUR' } }] } },
      );
    // Wait for crm's read model, not for a refusal: a quote tried before the event arrives would be written.
    await settle(async () => {
      const [row] = await sql<{ available: number }>('crm', 'SELECT available FROM product_availability WHERE product_id = $1', [productId]);
      return row?.available === 3;
    }, 'the availability read model');
    const refusal = await quoteFor(4).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof ClientError)) throw err;
        return err.response.errors?.[0];
      },
    );
    expect(refusal?.extensions).toMatchObject({ code: 'INSUFFICIENT_STOCK', productId, requested: 4, available: 3 });
    const { quotes } = await sales.request<{ quotes: { nodes: unknown[] } }>(`query($d: ID) { quotes(first: 5, filter: { dealId: $d }) { nodes { id } } }`, {
      d: dealId,
    });
    expect(quotes.nodes).toEqual([]);

    await publish('inventory', availabilityChangedV1, productId, {
      productId,
      sku: 'WID-1',
      available: 10,
      changedAt: new Date(Date.now() + 1000).toISOString(),
    });
    const quote = await settle(async () => {
      try {
        return (await quoteFor(4)).createQuote;
      } catch {
        return undefined;
      }
    }, 'the raised availability');
    expect(quote.lines[0].availability).toEqual({ status: 'AVAILABLE', available: 10 });

    await sales.request(`mutation($d: ID!) { winDeal(dealId: $d, reason: "Signed the order form") { id status } }`, { d: dealId });
    const won = await settle(async () => received.find((e) => e.type === dealWonV1.type && e.subject === dealId), 'crm.deal.won on the bus');
    expect(won.data).toEqual({
      dealId,
      customerId: customer.id,
      contactId: contact.id,
      ownerId: 'e2e-sales',
      amount: { amount: '1000.00', currency: 'EUR' },
      lineItems: [{ productId, description: 'Widget', quantity: 4, unitPrice: { amount: '250.00', currency: 'EUR' } }],
      reason: 'Signed the order form',
      wonAt: expect.any(String),
    });

    // Finance and inventory report back; the customer's timeline shows it, newest first.
    await publish('finance', invoicePostedV1, randomUUID(), {
      invoiceId: randomUUID(),
      number: 'INV-0042',
      customerId: customer.id,
      dealId,
      total: { amount: '1000.00', currency: 'EUR' },
      dueDate: '2026-12-31',
      postedAt: new Date(Date.now() + 2000).toISOString(),
    });
    await publish('inventory', orderShippedV1, randomUUID(), {
      orderId: randomUUID(),
      orderNumber: 'SO-0007',
      customerId: customer.id,
      dealId,
      shipmentId: randomUUID(),
      shippedAt: new Date(Date.now() + 3000).toISOString(),
    });
    type View = {
      customer: {
        contacts: { nodes: { id: string }[] };
        deals: { nodes: { id: string; status: string; stage: { name: string } }[] };
        timeline: { nodes: { kind: string; subject: string }[] };
        profile: { id: string };
      };
    };
    const view = await settle(async () => {
      const result = await sales.request<View>(
        `query($id: ID!) { customer(id: $id) {
           contacts(first: 5) { nodes { id } }
           deals(first: 5) { nodes { id status stage { name } } }
           timeline(first: 10) { nodes { kind subject } }
           profile { id }
         } }`,
        { id: customer.id },
      );
      return result.customer.timeline.nodes.length >= 2 ? result : undefined;
    }, 'invoice and shipment on the timeline');
    expect(view.customer.contacts.nodes).toEqual([{ id: contact.id }]);
    expect(view.customer.deals.nodes).toEqual([{ id: dealId, status: 'WON', stage: { name: 'Proposal' } }]);
    expect(view.customer.timeline.nodes.slice(0, 2)).toEqual([
      { kind: 'ORDER_SHIPPED', subject: expect.stringContaining('SO-0007') },
      { kind: 'INVOICE_POSTED', subject: 'Invoice INV-0042 posted: 1000.00 EUR' },
    ]);
    expect(view.customer.profile.id).toEqual(expect.any(String));
  });
});
