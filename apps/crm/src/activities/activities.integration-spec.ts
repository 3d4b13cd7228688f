import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '@platform/auth';
import {
  createEnvelope,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  invoicePaidV1,
  invoicePostedV1,
  orderShippedV1,
  platformEvents,
  subscriptionOf,
} from '@platform/events';
import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { backendPid, waitUntilBlocked } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';
import { crmFixtures, MISSING_ID } from './test-fixtures';
import { TimelineConsumer } from './timeline.consumer';

const LOG = `mutation($input: LogActivityInput!) { logActivity(input: $input) { id kind subject body customerId contactId dealId leadId actor occurredAt createdAt } }`;
const TIMELINE = `query($subject: TimelineSubjectInput!, $first: Int, $after: String, $kinds: [ActivityKind!]) {
  timeline(subject: $subject, first: $first, after: $after, kinds: $kinds) { nodes { id kind subject occurredAt actor customerId dealId } pageInfo { hasNextPage endCursor } } }`;

interface Logged {
  logActivity: {
    id: string;
    kind: string;
    subject: string;
    body: string | null;
    customerId: string | null;
    contactId: string | null;
    dealId: string | null;
    leadId: string | null;
    actor: string;
    occurredAt: string;
  };
}
interface Timeline {
  timeline: {
    nodes: { id: string; kind: string; subject: string; occurredAt: string; actor: string; customerId: string | null; dealId: string | null }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('crm activities timeline (real Postgres)', () => {
  let crm: TestSubgraph;
  let fx: ReturnType<typeof crmFixtures>;
  const sales = { sub: 'u-sales', roles: [Role.Sales] };

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    fx = crmFixtures(crm.dataSource);
  });
  afterAll(() => crm?.close());

  const writes = async () => ({ activities: await fx.count('activities'), outbox: await fx.count('outbox') });

  it('logs a call on a contact, fills the customer from the contact, records the caller and emits crm.activity.logged', async () => {
    const customerId = await fx.customer();
    const contactId = await fx.contact(customerId);
    const occurredAt = '2026-01-02T03:04:05.678Z';
    const result = await crm.request<Logged>(LOG, { input: { kind: 'CALL', subject: '  Intro call ', body: 'Went well', occurredAt, contactId } }, sales);
    expect(result.errors).toBeUndefined();
    const activity = result.data!.logActivity;
    expect(activity).toMatchObject({
      kind: 'CALL',
      subject: 'Intro call',
      body: 'Went well',
      customerId,
      contactId,
      dealId: null,
      leadId: null,
      actor: 'u-sales',
      occurredAt,
    });
    const rows = await crm.dataSource.query(`SELECT topic, envelope FROM outbox WHERE key = $1`, [activity.id]);
    expect(rows).toEqual([
      {
        topic: 'crm.activity',
        envelope: expect.objectContaining({
          type: 'crm.activity.logged',
          subject: activity.id,
          time: occurredAt,
          data: {
            activityId: activity.id,
            kind: 'call',
            subject: 'Intro call',
            customerId,
            contactId,
            dealId: null,
            leadId: null,
            actor: 'u-sales',
            occurredAt,
          },
        }),
      },
    ]);
  });

  it('fills the customer from a deal, and defaults occurredAt to now', async () => {
    const customerId = await fx.customer();
    const dealId = await fx.deal(customerId);
    const before = Date.now();
    const result = await crm.request<Logged>(LOG, { input: { kind: 'MEETING', subject: 'Demo', dealId } });
    expect(result.data!.logActivity).toMatchObject({ customerId, dealId, kind: 'MEETING', actor: 'test-admin' });
    const at = Date.parse(result.data!.logActivity.occurredAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('logs a note on a lead alone', async () => {
    const leadId = await fx.lead();
    const result = await crm.request<Logged>(LOG, { input: { kind: 'NOTE', subject: 'Met at fair', leadId } });
    expect(result.data!.logActivity).toMatchObject({ leadId, customerId: null, kind: 'NOTE' });
  });

  it.each([
    ['customerId', 'Customer'],
    ['contactId', 'Contact'],
    ['dealId', 'Deal'],
    ['leadId', 'Lead'],
  ])('answers NOT_FOUND for a missing %s and writes nothing', async (field, type) => {
    const before = await writes();
    const result = await crm.request(LOG, { input: { kind: 'NOTE', subject: 'x', [field]: MISSING_ID } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type, id: MISSING_ID });
    expect(await writes()).toEqual(before);
  });

  it('refuses links that belong to two different customers and writes nothing', async () => {
    const a = await fx.customer();
    const b = await fx.customer();
    const contactId = await fx.contact(b);
    const before = await writes();
    const result = await crm.request(LOG, { input: { kind: 'NOTE', subject: 'x', customerId: a, contactId } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions?.fields as object).sort()).toEqual(['contactId', 'customerId']);
    expect(await writes()).toEqual(before);
  });

  it.each([
    [{ kind: 'NOTE', subject: 'nothing linked' }, ['contactId', 'customerId', 'dealId', 'leadId']],
    [{ kind: 'NOTE', subject: 'later', customerId: 'C', occurredAt: new Date(Date.now() + 25 * 3600_000).toISOString() }, ['occurredAt']],
    [{ kind: 'NOTE', subject: '  ', customerId: 'C' }, ['subject']],
    [{ kind: 'NOTE', subject: 'x'.repeat(301), customerId: 'C' }, ['subject']],
    [{ kind: 'NOTE', subject: 'x', customerId: 'not-a-uuid' }, ['customerId']],
  ])('refuses %p with BAD_USER_INPUT on %p and writes nothing', async (input, fields) => {
    const customerId = await fx.customer();
    const before = await writes();
    const result = await crm.request(LOG, { input: { ...input, ...((input as { customerId?: string }).customerId === 'C' ? { customerId } : {}) } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions?.fields as object).sort()).toEqual(fields);
    expect(await writes()).toEqual(before);
  });

  it('accepts an occurredAt up to a day ahead', async () => {
    const customerId = await fx.customer();
    const result = await crm.request<Logged>(LOG, {
      input: { kind: 'MEETING', subject: 'Tomorrow', customerId, occurredAt: new Date(Date.now() + 23 * 3600_000).toISOString() },
    });
    expect(result.errors).toBeUndefined();
  });

  it('refuses an occurredAt before year 1 with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const customerId = await fx.customer();
    const before = await writes();
    const result = await crm.request<Logged>(LOG, { input: { kind: 'NOTE', subject: 'Ancient', customerId, occurredAt: '-004800-01-01T00:00:00Z' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { occurredAt: [expect.stringContaining('0001-01-01')] } });
    expect(await writes()).toEqual(before);
  });

  it("logs on a merged contact's survivor, and lists it on the timeline of the merged id", async () => {
    const customerId = await fx.customer();
    const survivor = await fx.contact(customerId);
    const merged = await fx.contact(customerId);
    await crm.dataSource.query(`INSERT INTO contact_merges (merged_id, survivor_id) VALUES ($1, $2)`, [merged, survivor]);
    const result = await crm.request<Logged>(LOG, { input: { kind: 'NOTE', subject: 'x', contactId: merged } });
    expect(result.data!.logActivity).toMatchObject({ contactId: survivor, customerId });
    const timeline = await crm.request<Timeline>(TIMELINE, { subject: { contactId: merged } });
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data!.timeline.nodes.map((n) => n.id)).toEqual([result.data!.logActivity.id]);
  });

  it('logs on the survivor when the contact is merged away while the entry waits on it (not an internal error)', async () => {
    const customerId = await fx.customer();
    const merged = await fx.contact(customerId);
    const survivor = await fx.contact(customerId);
    // mergeContacts, held open after locking both contacts.
    const merge = new Client({ connectionString: crm.databaseUrl });
    await merge.connect();
    try {
      await merge.query('BEGIN');
      await merge.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[merged, survivor]]);
      const pending = crm.request<Logged>(LOG, { input: { kind: 'CALL', subject: 'During the merge', contactId: merged } });
      // The entry waits to hold the contact it names: only then does the merge go on and commit.
      const blocked = await waitUntilBlocked(crm.dataSource, await backendPid(merge), { what: 'logActivity', racer: pending });
      expect(blocked.map((b) => b.query)).toEqual([expect.stringMatching(/FROM contacts[\s\S]*FOR KEY SHARE/)]);
      await merge.query(`INSERT INTO contact_merges (merged_id, survivor_id) VALUES ($1, $2)`, [merged, survivor]);
      await merge.query(`DELETE FROM contacts WHERE id = $1`, [merged]);
      await merge.query('COMMIT');
      const result = await pending;
      expect(result.errors).toBeUndefined();
      expect(result.data!.logActivity).toMatchObject({ contactId: survivor, customerId });
    } finally {
      await merge.end();
    }
  });

  it('does not let users log system kinds', async () => {
    const customerId = await fx.customer();
    const result = await crm.request(LOG, { input: { kind: 'INVOICE_PAID', subject: 'fake', customerId } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('LoggableActivityKind');
  });

  it('refuses roles without activity:write', async () => {
    const customerId = await fx.customer();
    const result = await crm.request(LOG, { input: { kind: 'NOTE', subject: 'x', customerId } }, { sub: 'fin', roles: [Role.Finance] });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('timeline', () => {
    let customerId: string;
    let contactId: string;
    let dealId: string;
    const ids: string[] = [];

    beforeAll(async () => {
      customerId = await fx.customer('Timeline Inc');
      contactId = await fx.contact(customerId);
      dealId = await fx.deal(customerId);
      // Two share an occurredAt, so the id breaks the tie.
      const entries = [
        { kind: 'CALL', occurredAt: '2026-03-01T10:00:00.000Z', contactId },
        { kind: 'EMAIL', occurredAt: '2026-03-02T10:00:00.000Z', dealId },
        { kind: 'NOTE', occurredAt: '2026-03-02T10:00:00.000Z', customerId },
        { kind: 'MEETING', occurredAt: '2026-03-03T10:00:00.000Z', contactId },
        { kind: 'NOTE', occurredAt: '2026-02-01T10:00:00.000Z', customerId },
      ];
      for (const [i, e] of entries.entries()) {
        const r = await crm.request<Logged>(LOG, { input: { subject: `entry ${i}`, ...e } });
        ids.push(r.data!.logActivity.id);
      }
    });

    const page = (variables: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) => crm.request<Timeline>(TIMELINE, variables, as);

    it('lists a customer timeline newest first (occurredAt, then id) across pages, including entries logged on its contacts and deals', async () => {
      const seen = (await allPages<{ id: string }>(crm, TIMELINE, { subject: { customerId }, first: 2 }, ['timeline'])).map((n) => n.id);
      const tied = [ids[1], ids[2]].sort().reverse();
      expect(seen).toEqual([ids[3], ...tied, ids[0], ids[4]]);
    });

    it('lists a contact and a deal timeline', async () => {
      expect((await page({ subject: { contactId } })).data!.timeline.nodes.map((n) => n.id)).toEqual([ids[3], ids[0]]);
      expect((await page({ subject: { dealId } })).data!.timeline.nodes.map((n) => n.id)).toEqual([ids[1]]);
    });

    it('filters by kind', async () => {
      const r = await page({ subject: { customerId }, kinds: ['NOTE'] });
      expect(r.data!.timeline.nodes.map((n) => n.id)).toEqual([ids[2], ids[4]]);
    });

    it('answers BAD_USER_INPUT unless exactly one subject is given, NOT_FOUND for a missing one', async () => {
      expect((await page({ subject: {} })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await page({ subject: { customerId, contactId } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await page({ subject: { dealId: MISSING_ID } })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Deal' });
      expect((await page({ subject: { customerId }, after: 'garbage' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('is refused to roles without activity:read', async () => {
      expect((await page({ subject: { customerId } }, { sub: 'a', roles: [Role.Analyst] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('pages exactly once through entries whose times carry microseconds (written by SQL)', async () => {
      const c = await fx.customer();
      for (let i = 0; i < 5; i++) {
        await crm.dataSource.query(
          `INSERT INTO activities (id, kind, subject, customer_id, actor, occurred_at) VALUES (gen_random_uuid(), 'email_sent', 's', $1, 'nurture', '2026-03-01T10:00:00.123456Z'::timestamptz + make_interval(secs => $2 * 0.000001))`,
          [c, i % 3],
        );
      }
      const seen = (await allPages<{ id: string }>(crm, TIMELINE, { subject: { customerId: c }, first: 2 }, ['timeline'])).map((n) => n.id);
      const expected = (await crm.dataSource.query(`SELECT id FROM activities WHERE customer_id = $1 ORDER BY occurred_at DESC, id DESC`, [c])).map(
        (r: { id: string }) => r.id,
      );
      expect(seen).toEqual(expected);
    });

    it('refuses Customer.timeline page sizes outside 1 to 100', async () => {
      const r = await crm.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { timeline(first: 0) { nodes { id } } } } }`, {
        r: [{ __typename: 'Customer', id: customerId }],
      });
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('uses the partial index of the subject', async () => {
      await crm.dataSource.query('ANALYZE activities');
      const plan: { 'QUERY PLAN': string }[] = await crm.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(`EXPLAIN SELECT id FROM activities a WHERE a.contact_id = $1 ORDER BY a.occurred_at DESC, a.id DESC LIMIT 3`, [contactId]);
      });
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('activities_contact_idx');
    });

    it('resolves Customer.timeline for many customers with as many statements as for one', async () => {
      const others = [customerId];
      for (let i = 0; i < 4; i++) {
        const c = await fx.customer();
        others.push(c);
        await crm.request(LOG, { input: { kind: 'NOTE', subject: `n${i}`, customerId: c } });
      }
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id timeline(first: 2) { nodes { id } pageInfo { hasNextPage } } } } }`;
      const measure = async (n: number) => {
        const before = await crm.queryCount();
        const r = await crm.request<{ _entities: { id: string; timeline: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean } } }[] }>(q, {
          r: others.slice(0, n).map((id) => ({ __typename: 'Customer', id })),
        });
        expect(r.errors).toBeUndefined();
        return { statements: (await crm.queryCount()) - before, result: r.data!._entities };
      };
      const one = await measure(1);
      expect(one.result[0].timeline).toEqual({ nodes: [{ id: ids[3] }, { id: [ids[1], ids[2]].sort().reverse()[0] }], pageInfo: { hasNextPage: true } });
      const many = await measure(5);
      expect(many.statements).toBe(one.statements);
      expect(many.result.slice(1).map((c) => c.timeline.nodes.length)).toEqual([1, 1, 1, 1]);
      expect(many.result[1].timeline.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('TimelineConsumer', () => {
    const apply = async <C extends EventContract>(
      source: string,
      contract: C,
      subject: string,
      data: EventData<C>,
      envelope = createEnvelope(source, eventOf(contract, subject, data)),
    ) => {
      const consumer = crm.app.get(TimelineConsumer);
      await inboxHandler({ dataSource: crm.dataSource, registry: platformEvents, group: consumer.group, handlers: subscriptionOf(consumer.bindings).handlers })(
        {
          value: JSON.stringify(envelope),
          key: subject,
          partition: 0,
          offset: '0',
          topic: contract.topic,
          headers: {},
        },
      );
      return envelope;
    };
    const entries = (eventId: string) =>
      crm.dataSource.query(`SELECT kind, subject, body, customer_id, deal_id, actor, occurred_at FROM activities WHERE source_event_id = $1`, [eventId]);

    it('is the crm.timeline group on the finance.invoice and inventory.order topics', () => {
      const consumer = crm.app.get(TimelineConsumer);
      expect(consumer.group).toBe('crm.timeline');
      expect(subscriptionOf(consumer.bindings).topics.sort()).toEqual(['finance.invoice', 'inventory.order']);
    });

    it('adds an INVOICE_POSTED entry linked to the deal, once however often the event is delivered', async () => {
      const customerId = await fx.customer();
      const dealId = await fx.deal(customerId);
      const invoiceId = randomUUID();
      const data = {
        invoiceId,
        number: 'INV-0042',
        customerId,
        dealId,
        total: { amount: '1250.00', currency: 'EUR' },
        dueDate: '2026-05-01',
        postedAt: '2026-04-01T09:00:00.000Z',
      };
      const envelope = await apply('finance', invoicePostedV1, invoiceId, data);
      await apply('finance', invoicePostedV1, invoiceId, data, envelope);
      expect(await entries(envelope.id)).toEqual([
        {
          kind: 'invoice_posted',
          subject: 'Invoice INV-0042 posted: 1250.00 EUR',
          body: 'Due 2026-05-01',
          customer_id: customerId,
          deal_id: dealId,
          actor: 'finance',
          occurred_at: new Date('2026-04-01T09:00:00.000Z'),
        },
      ]);
      const timeline = await crm.request<Timeline>(TIMELINE, { subject: { dealId }, kinds: ['INVOICE_POSTED'] });
      expect(timeline.data!.timeline.nodes).toEqual([
        expect.objectContaining({ kind: 'INVOICE_POSTED', actor: 'finance', occurredAt: '2026-04-01T09:00:00.000Z' }),
      ]);
    });

    it('keeps one entry per event even when the inbox no longer remembers it', async () => {
      const customerId = await fx.customer();
      const invoiceId = randomUUID();
      const data = { invoiceId, number: 'INV-7', customerId, amountPaid: { amount: '10.00', currency: 'USD' }, paidAt: '2026-04-02T09:00:00.000Z' };
      const envelope = await apply('finance', invoicePaidV1, invoiceId, data);
      // A replay under a fresh inbox (e.g. the inbox row was pruned): source_event_id still holds.
      await crm.dataSource.query(`DELETE FROM inbox WHERE event_id = $1`, [envelope.id]);
      await apply('finance', invoicePaidV1, invoiceId, data, envelope);
      expect(await entries(envelope.id)).toEqual([
        {
          kind: 'invoice_paid',
          subject: 'Invoice INV-7 paid: 10.00 USD',
          body: null,
          customer_id: customerId,
          deal_id: null,
          actor: 'finance',
          occurred_at: new Date('2026-04-02T09:00:00.000Z'),
        },
      ]);
    });

    it('adds an ORDER_SHIPPED entry, leaving out a deal crm does not have', async () => {
      const customerId = await fx.customer();
      const orderId = randomUUID();
      const shipmentId = randomUUID();
      const data = { orderId, orderNumber: 'SO-0007', customerId, dealId: MISSING_ID, shipmentId, shippedAt: '2026-04-03T09:00:00.123Z' };
      const envelope = await apply('inventory', orderShippedV1, orderId, data);
      expect(await entries(envelope.id)).toEqual([
        {
          kind: 'order_shipped',
          subject: 'Order SO-0007 shipped',
          body: `Shipment ${shipmentId}`,
          customer_id: customerId,
          deal_id: null,
          actor: 'inventory',
          occurred_at: new Date('2026-04-03T09:00:00.123Z'),
        },
      ]);
    });

    it('does not link a deal of another customer', async () => {
      const customerId = await fx.customer();
      const otherDeal = await fx.deal(await fx.customer());
      const invoiceId = randomUUID();
      const data = {
        invoiceId,
        number: 'INV-9',
        customerId,
        dealId: otherDeal,
        total: { amount: '5.00', currency: 'EUR' },
        dueDate: '2026-05-01',
        postedAt: '2026-04-01T09:00:00.000Z',
      };
      const envelope = await apply('finance', invoicePostedV1, invoiceId, data);
      expect(await entries(envelope.id)).toEqual([expect.objectContaining({ customer_id: customerId, deal_id: null })]);
    });

    it('skips an event about a customer crm does not have, without throwing', async () => {
      const before = await fx.count('activities');
      const orderId = randomUUID();
      const data = { orderId, orderNumber: 'SO-1', customerId: MISSING_ID, dealId: null, shipmentId: randomUUID(), shippedAt: '2026-04-03T09:00:00.000Z' };
      const envelope = await apply('inventory', orderShippedV1, orderId, data);
      expect(await fx.count('activities')).toBe(before);
      expect(await crm.dataSource.query(`SELECT consumer_group FROM inbox WHERE event_id = $1`, [envelope.id])).toEqual([{ consumer_group: 'crm.timeline' }]);
    });

    it('emits no crm.activity.logged for reported entries', async () => {
      const customerId = await fx.customer();
      const before = await fx.count('outbox');
      const invoiceId = randomUUID();
      await apply('finance', invoicePaidV1, invoiceId, {
        invoiceId,
        number: 'INV-8',
        customerId,
        amountPaid: { amount: '1.00', currency: 'EUR' },
        paidAt: '2026-04-02T09:00:00.000Z',
      });
      expect(await fx.count('outbox')).toBe(before);
    });
  });
});
