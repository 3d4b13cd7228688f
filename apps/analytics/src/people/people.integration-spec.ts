import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import {
  contactCreatedV1,
  contentDownloadedV1,
  createEnvelope,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  leadConvertedV1,
  leadCreatedV1,
  platformEvents,
  subscriptionOf,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';
import { profileIdOf } from '../identity/identity-rules';
import { ProfileProjector } from '../identity/profile-projector';

const PROFILE = `query($id: ID!) { profile(id: $id) { id customerId firstSeenAt lastSeenAt traits { name value } personalTraits { name value } identities { kind value } } }`;
const NON_PERSONAL = `query($id: ID!) { profile(id: $id) { id traits { name value } } }`;

describe('analytics person profiles from tracked calls and domain events (real Postgres)', () => {
  let analytics: TestSubgraph;
  let base: string;
  let writeKey: string;

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    base = analytics.url.replace(/\/graphql$/, '');
    const created = await analytics.request<{ createTrackingSource: { writeKey: string } }>(
      `mutation { createTrackingSource(input: { name: "Site" }) { writeKey } }`,
    );
    writeKey = created.data!.createTrackingSource.writeKey;
  });
  afterAll(() => analytics?.close());

  const send = async (batch: Record<string, unknown>[]) => {
    const response = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      body: JSON.stringify({ batch }),
    });
    expect(response.status).toBe(200);
    await analytics.app.get(ProfileProjector).drain();
  };
  const apply = async <C extends EventContract>(
    contract: C,
    subject: string,
    data: EventData<C>,
    envelope = createEnvelope('test', eventOf(contract, subject, data)),
  ) => {
    const consumer = analytics.app.get(DomainEventsConsumer);
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
    return envelope;
  };
  type Profile = {
    id: string;
    customerId: string | null;
    firstSeenAt: string;
    lastSeenAt: string;
    traits: { name: string; value: string }[];
    personalTraits: { name: string; value: string }[];
    identities: { kind: string; value: string }[];
  };
  const profile = async (id: string) => {
    const result = await analytics.request<{ profile: Profile }>(PROFILE, { id });
    expect(result.errors).toBeUndefined();
    return result.data!.profile;
  };

  it("links a visitor's anonymous pages to their login and email, latest trait wins, first and last seen", async () => {
    const anonymousId = `anon-${randomUUID()}`;
    const userId = `user-${randomUUID()}`;
    const email = `${userId}@example.com`;
    await send([
      { type: 'page', anonymousId, name: 'Pricing', timestamp: '2026-03-01T10:00:00Z', messageId: randomUUID() },
      { type: 'identify', anonymousId, userId, traits: { email, plan: 'free', firstName: 'Ann' }, timestamp: '2026-03-02T10:00:00Z', messageId: randomUUID() },
    ]);
    // Older news arrives later: it does not overwrite the newer plan.
    await send([
      { type: 'identify', userId, traits: { plan: 'pro' }, timestamp: '2026-03-05T10:00:00Z', messageId: randomUUID() },
      { type: 'identify', userId, traits: { plan: 'trial' }, timestamp: '2026-03-03T10:00:00Z', messageId: randomUUID() },
    ]);
    const p = await profile(profileIdOf(`user_id:${userId}`));
    expect(p.identities.map((i) => `${i.kind.toLowerCase()}:${i.value}`).sort()).toEqual(
      [`anonymous_id:${anonymousId}`, `email:${email}`, `user_id:${userId}`].sort(),
    );
    expect(p.traits).toEqual([{ name: 'plan', value: '"pro"' }]);
    expect(p.personalTraits.map((t) => [t.name, t.value]).sort()).toEqual([
      ['email', JSON.stringify(email)],
      ['firstName', '"Ann"'],
    ]);
    expect(p.firstSeenAt).toBe('2026-03-01T10:00:00.000Z');
    expect(p.lastSeenAt).toBe('2026-03-05T10:00:00.000Z');
    const history = await analytics.request<{ profile: { traitHistory: { value: string }[] } }>(
      `query($id: ID!) { profile(id: $id) { traitHistory(name: "plan") { value observedAt } } }`,
      { id: p.id },
    );
    expect(history.data!.profile.traitHistory.map((t) => t.value)).toEqual(['"pro"', '"trial"', '"free"']);
  });

  it('keeps strangers on one shared device apart and never joins on placeholder ids', async () => {
    const device = `kiosk-${randomUUID()}`;
    const ann = `ann-${randomUUID()}`;
    const bob = `bob-${randomUUID()}`;
    await send([
      { type: 'identify', anonymousId: device, userId: bob, messageId: randomUUID() },
      { type: 'identify', anonymousId: device, userId: ann, messageId: randomUUID() },
      { type: 'identify', anonymousId: 'null', userId: `c-${ann}`, messageId: randomUUID() },
      { type: 'identify', anonymousId: 'null', userId: `c-${bob}`, messageId: randomUUID() },
    ]);
    const rows = await analytics.dataSource.query(`SELECT key, profile_id FROM identities WHERE key = ANY($1)`, [
      [`user_id:${ann}`, `user_id:${bob}`, `anonymous_id:${device}`, `user_id:c-${ann}`, `user_id:c-${bob}`, 'anonymous_id:null'],
    ]);
    const of = Object.fromEntries(rows.map((r: { key: string; profile_id: string }) => [r.key, r.profile_id]));
    expect(of[`user_id:${ann}`]).not.toBe(of[`user_id:${bob}`]);
    expect(of[`user_id:c-${ann}`]).not.toBe(of[`user_id:c-${bob}`]);
    expect(of['anonymous_id:null']).toBeUndefined();
    expect([of[`user_id:${ann}`], of[`user_id:${bob}`]]).toContain(of[`anonymous_id:${device}`]);
  });

  it("links a cms download's visitor to the lead, contact and customer crm reports", async () => {
    const anonymousId = `anon-${randomUUID()}`;
    const email = `buyer-${randomUUID()}@example.com`;
    const [leadId, contactId, customerId] = [randomUUID(), randomUUID(), randomUUID()];
    await send([{ type: 'page', anonymousId, name: 'Whitepaper', messageId: randomUUID(), timestamp: '2026-04-01T09:00:00Z' }]);
    await apply(contentDownloadedV1, randomUUID(), {
      downloadId: randomUUID(),
      contentId: randomUUID(),
      contentTitle: 'Whitepaper',
      email,
      firstName: 'Bea',
      lastName: null,
      company: 'Acme',
      anonymousId,
      downloadedAt: '2026-04-01T09:05:00.000Z',
    });
    await apply(leadCreatedV1, leadId, {
      leadId,
      email,
      firstName: 'Bea',
      lastName: 'Buyer',
      company: 'Acme',
      source: 'content_download',
      createdAt: '2026-04-01T09:06:00.000Z',
    });
    const converted = await apply(leadConvertedV1, leadId, { leadId, customerId, contactId, dealId: null, convertedAt: '2026-04-02T09:00:00.000Z' });
    await apply(contactCreatedV1, contactId, { contactId, customerId, firstName: 'Bea', lastName: 'Buyer', email, createdAt: '2026-04-02T09:00:00.000Z' });
    // A redelivery changes nothing.
    await apply(leadConvertedV1, leadId, converted.data, converted);
    const p = await profile(profileIdOf(`email:${email}`));
    expect(p.customerId).toBe(customerId);
    expect(p.identities.map((i) => i.kind).sort()).toEqual(['ANONYMOUS_ID', 'CONTACT_ID', 'EMAIL', 'LEAD_ID']);
    expect(p.traits).toEqual([{ name: 'company', value: '"Acme"' }]);
    expect(p.firstSeenAt).toBe('2026-04-01T09:00:00.000Z');
    expect(
      await analytics.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'crm.lead.converted' AND subject = $1`, [leadId]),
    ).toEqual([{ n: 1 }]);
    expect(converted.id).toEqual(expect.any(String));

    const list = await analytics.request<{ profiles: { nodes: { id: string }[] } }>(`query($c: ID) { profiles(filter: { customerId: $c }) { nodes { id } } }`, {
      c: customerId,
    });
    expect(list.data!.profiles.nodes).toEqual([{ id: p.id }]);
    const customer = await analytics.request<{ _entities: { profile: { people: { id: string }[]; lastSeenAt: string } }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { profile { lastSeenAt people { id } } } } }`,
      { r: [{ __typename: 'Customer', id: customerId }] },
    );
    expect(customer.errors).toBeUndefined();
    expect(customer.data!._entities[0].profile.people).toEqual([{ id: p.id }]);
  });

  it('shows personal traits and identifiers only to callers with the personal-data permission', async () => {
    const userId = `pii-${randomUUID()}`;
    await send([{ type: 'identify', userId, traits: { email: `${userId}@example.com`, plan: 'pro' }, messageId: randomUUID() }]);
    const id = profileIdOf(`user_id:${userId}`);
    const analyst = { sub: 'ana', roles: [Role.Analyst] };
    const allowed = await analytics.request<{ profile: { traits: unknown[] } }>(NON_PERSONAL, { id }, analyst);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.profile.traits).toEqual([{ name: 'plan', value: '"pro"' }]);
    const refused = await analytics.request(PROFILE, { id }, analyst);
    expect(refused.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual(
      expect.arrayContaining([
        ['profile.personalTraits', 'FORBIDDEN'],
        ['profile.identities', 'FORBIDDEN'],
      ]),
    );
    const support = await analytics.request(NON_PERSONAL, { id }, { sub: 'sam', roles: [Role.Support] });
    expect(support.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('computes engagement from active days in the last 30 and churn risk from last seen', async () => {
    const userId = `eng-${randomUUID()}`;
    const day = 86_400_000;
    await send([
      { type: 'track', userId, event: 'A', timestamp: new Date(Date.now() - 2 * day).toISOString(), messageId: randomUUID() },
      { type: 'track', userId, event: 'B', timestamp: new Date(Date.now() - 2 * day + 60_000).toISOString(), messageId: randomUUID() },
      { type: 'track', userId, event: 'C', timestamp: new Date(Date.now() - 5 * day).toISOString(), messageId: randomUUID() },
      { type: 'track', userId, event: 'Old', timestamp: new Date(Date.now() - 45 * day).toISOString(), messageId: randomUUID() },
    ]);
    const result = await analytics.request<{ profile: { engagementScore: number; churnRisk: string } }>(
      `query($id: ID!) { profile(id: $id) { engagementScore churnRisk } }`,
      {
        id: profileIdOf(`user_id:${userId}`),
      },
    );
    expect(result.data!.profile).toEqual({ engagementScore: 7, churnRisk: 'LOW' });
    const stale = await analytics.request<{ _entities: { profile: { churnRisk: string; lastSeenAt: string | null } }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { profile { churnRisk lastSeenAt } } } }`,
      { r: [{ __typename: 'Customer', id: randomUUID() }] },
    );
    expect(stale.data!._entities[0].profile).toEqual({ churnRisk: 'HIGH', lastSeenAt: null });
  });

  it('answers NOT_FOUND for an unknown or malformed id and BAD_USER_INPUT for a bad cursor', async () => {
    for (const id of [randomUUID(), 'nope']) {
      const result = await analytics.request(NON_PERSONAL, { id });
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const cursor = await analytics.request(`{ profiles(after: "garbage") { nodes { id } } }`);
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages through profiles oldest first without repeating one', async () => {
    const ids = Array.from({ length: 5 }, () => `page-${randomUUID()}`);
    await send(ids.map((userId) => ({ type: 'identify', userId, messageId: randomUUID() })));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: { profiles: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
        await analytics.request(`query($after: String) { profiles(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      seen.push(...page.data!.profiles.nodes.map((n) => n.id));
      if (!page.data!.profiles.pageInfo.hasNextPage) break;
      after = page.data!.profiles.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids.map((u) => profileIdOf(`user_id:${u}`))));
  });
});
