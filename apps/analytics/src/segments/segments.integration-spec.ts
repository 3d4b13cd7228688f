import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import {
  contactCreatedV1,
  contentDownloadedV1,
  createEnvelope,
  dealWonV1,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  platformEvents,
  subscriptionOf,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';
import { profileIdOf } from '../identity/identity-rules';
import { ProfileProjector } from '../identity/profile-projector';
import { SegmentsService } from './segments.service';

const CREATE = `mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id name rule size } }`;
const SEGMENT = `query($id: ID!) { segment(id: $id) { id size members(first: 10) { nodes { profileId customerId profile { id } } pageInfo { hasNextPage } } } }`;

describe('analytics segments (real Postgres)', () => {
  let analytics: TestSubgraph;
  let base: string;
  let writeKey: string;

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    base = analytics.url.replace(/\/graphql$/, '');
    writeKey = (
      await analytics.request<{ createTrackingSource: { writeKey: string } }>(`mutation { createTrackingSource(input: { name: "Site" }) { writeKey } }`)
    ).data!.createTrackingSource.writeKey;
  });
  afterAll(() => analytics?.close());

  const send = async (batch: Record<string, unknown>[]) => {
    const response = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      body: JSON.stringify({ batch: batch.map((e) => ({ messageId: randomUUID(), ...e })) }),
    });
    expect(response.status).toBe(200);
    await analytics.app.get(ProfileProjector).drain();
  };
  const apply = async <C extends EventContract>(contract: C, subject: string, data: EventData<C>) => {
    const consumer = analytics.app.get(DomainEventsConsumer);
    const envelope = createEnvelope('test', eventOf(contract, subject, data));
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
  const membership = async (segmentId: string) =>
    (
      await analytics.dataSource.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'profileId' AS "profileId", envelope->'data'->>'customerId' AS "customerId"
           FROM outbox WHERE key = $1 ORDER BY id`,
        [segmentId],
      )
    ).map((r: { type: string; profileId: string; customerId: string | null }) => [r.type, r.profileId, r.customerId]);
  const create = async (name: string, rule: unknown) => {
    const result = await analytics.request<{ createSegment: { id: string; size: number } }>(CREATE, { i: { name, rule: JSON.stringify(rule) } });
    expect(result.errors).toBeUndefined();
    return result.data!.createSegment;
  };

  it('"downloaded a whitepaper in the last 30 days and the customer has no won deal": enters on the download, exits on the deal', async () => {
    const segment = await create(`whitepaper-${randomUUID()}`, {
      all: [{ reported: 'cms.content.downloaded', withinDays: 30 }, { not: { customer: 'crm.deal.won' } }],
    });
    expect(segment.size).toBe(0);
    const email = `wp-${randomUUID()}@example.com`;
    const [contactId, customerId] = [randomUUID(), randomUUID()];
    await apply(contactCreatedV1, contactId, { contactId, customerId, firstName: 'Wanda', lastName: 'P', email, createdAt: new Date().toISOString() });
    const download = {
      downloadId: randomUUID(),
      contentId: randomUUID(),
      contentTitle: 'Whitepaper',
      email,
      firstName: 'Wanda',
      lastName: null,
      company: null,
      anonymousId: null,
      downloadedAt: new Date().toISOString(),
    };
    await apply(contentDownloadedV1, randomUUID(), download);
    const profileId = profileIdOf(`email:${email}`);
    expect(await membership(segment.id)).toEqual([['analytics.segment.entered', profileId, customerId]]);
    const read = await analytics.request<{ segment: { size: number; members: { nodes: unknown[] } } }>(SEGMENT, { id: segment.id });
    expect(read.data!.segment).toMatchObject({ size: 1, members: { nodes: [{ profileId, customerId, profile: { id: profileId } }] } });

    await apply(dealWonV1, randomUUID(), {
      dealId: randomUUID(),
      customerId,
      contactId,
      ownerId: 'u',
      amount: { amount: '10.00', currency: 'EUR' },
      lineItems: [],
      reason: 'Signed',
      wonAt: new Date().toISOString(),
    });
    expect(await membership(segment.id)).toEqual([
      ['analytics.segment.entered', profileId, customerId],
      ['analytics.segment.exited', profileId, customerId],
    ]);
    expect((await analytics.request<{ segment: { size: number } }>(SEGMENT, { id: segment.id })).data!.segment.size).toBe(0);
  });

  it('finds the members a new segment already has, and lets them go as a time window passes', async () => {
    const userId = `su-${randomUUID()}`;
    await send([
      { type: 'track', userId, event: 'Signed Up', timestamp: new Date(Date.now() - 25 * 86_400_000).toISOString() },
      { type: 'identify', userId, traits: { plan: 'pro' } },
    ]);
    const segment = await create(`recent-signups-${randomUUID()}`, {
      all: [
        { tracked: 'Signed Up', withinDays: 30 },
        { trait: 'plan', equals: 'pro' },
      ],
    });
    expect(segment.size).toBe(1);
    // Time passes: the sign-up is now 31 days old.
    await analytics.dataSource.query(`UPDATE raw_events SET "timestamp" = now() - interval '31 days' WHERE user_id = $1 AND event = 'Signed Up'`, [userId]);
    await analytics.app.get(SegmentsService).sweep();
    expect(await membership(segment.id)).toEqual([
      ['analytics.segment.entered', profileIdOf(`user_id:${userId}`), null],
      ['analytics.segment.exited', profileIdOf(`user_id:${userId}`), null],
    ]);
  });

  it('follows tracked events as they arrive and lets an erased person go', async () => {
    const segment = await create(`power-${randomUUID()}`, { tracked: 'Exported', atLeast: 2 });
    const userId = `pw-${randomUUID()}`;
    const anonymousId = `pw-anon-${randomUUID()}`;
    await send([{ type: 'track', anonymousId, event: 'Exported' }]);
    expect(await membership(segment.id)).toEqual([]);
    // The second export comes under the login; the identify links the device: two exports, counted once each.
    await send([
      { type: 'identify', userId, anonymousId },
      { type: 'track', userId, anonymousId, event: 'Exported' },
    ]);
    const profileId = profileIdOf(`user_id:${userId}`);
    expect(await membership(segment.id)).toEqual([['analytics.segment.entered', profileId, null]]);
    const erased = await analytics.request(`mutation($id: ID!) { eraseProfile(id: $id) { events } }`, { id: profileId });
    expect(erased.errors).toBeUndefined();
    expect(await membership(segment.id)).toEqual([
      ['analytics.segment.entered', profileId, null],
      ['analytics.segment.exited', profileId, null],
    ]);
  });

  it('refuses a bad rule, a taken name and callers without the permission, storing nothing', async () => {
    const count = async () => (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM segments`))[0].n;
    const before = await count();
    const code = async (variables: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) => {
      const result = await analytics.request(CREATE, variables, as);
      return [result.errors?.[0].extensions?.code, result.errors?.[0].message];
    };
    expect(await code({ i: { name: 'bad', rule: '{"visited":"/pricing"}' } })).toEqual(['INVALID_SEGMENT_RULE', expect.stringContaining('rule')]);
    expect(await code({ i: { name: 'bad', rule: '{"tracked":"A","withinDays":-1}' } })).toEqual(['INVALID_SEGMENT_RULE', expect.any(String)]);
    expect(await code({ i: { name: 'bad', rule: 'not json' } })).toEqual(['INVALID_SEGMENT_RULE', 'rule is not valid JSON']);
    expect(await code({ i: { name: ' ', rule: '{"trait":"a","exists":true}' } })).toEqual(['BAD_USER_INPUT', expect.any(String)]);
    const name = `taken-${randomUUID()}`;
    await create(name, { trait: 'a', exists: true });
    expect((await code({ i: { name, rule: '{"trait":"b","exists":true}' } }))[0]).toBe('CONFLICT');
    expect((await code({ i: { name: 'x', rule: '{"trait":"a","exists":true}' } }, { sub: 'ana', roles: [Role.Analyst] }))[0]).toBe('FORBIDDEN');
    expect(await count()).toBe(before + 1);
    const missing = await analytics.request(SEGMENT, { id: randomUUID() });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const support = await analytics.request(`{ segments(first: 1) { nodes { id } } }`, {}, { sub: 'sam', roles: [Role.Support] });
    expect(support.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
