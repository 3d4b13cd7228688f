import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import {
  contentDownloadedV1,
  createEnvelope,
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

describe('analytics profile merges, splits, erasure and rebuild (real Postgres)', () => {
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

  const send = async (batch: Record<string, unknown>[], drain = true) => {
    const response = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      body: JSON.stringify({ batch: batch.map((e) => ({ messageId: randomUUID(), ...e })) }),
    });
    expect(response.status).toBe(200);
    if (drain) await analytics.app.get(ProfileProjector).drain();
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
  const profileOf = async (key: string) =>
    ((await analytics.dataSource.query(`SELECT profile_id FROM identities WHERE key = $1`, [key])) as { profile_id: string }[])[0]?.profile_id;
  const auditCount = async () => (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;

  /** Every profile whose identifiers carry `tag`, with the tag taken out: comparable across runs. */
  const snapshot = async (tag: string) => {
    const rows = (await analytics.dataSource.query(
      `SELECT p.canonical_key, p.customer_id, p.traits, p.first_seen_at, p.last_seen_at, array_agg(i.key ORDER BY i.key) AS keys
         FROM person_profiles p JOIN identities i ON i.profile_id = p.id
        WHERE p.canonical_key LIKE '%' || $1 || '%'
        GROUP BY p.id ORDER BY p.canonical_key`,
      [tag],
    )) as Record<string, unknown>[];
    return JSON.parse(JSON.stringify(rows).split(tag).join('TAG'));
  };

  it('gives the same profiles whatever the order and batching of the same events', async () => {
    const template = (tag: string) => [
      { type: 'page', anonymousId: `d1-${tag}`, timestamp: '2026-01-01T00:00:00Z' },
      {
        type: 'identify',
        anonymousId: `d1-${tag}`,
        userId: `ann-${tag}`,
        traits: { email: `ann-${tag}@x.io`, plan: 'free' },
        timestamp: '2026-01-02T00:00:00Z',
      },
      { type: 'identify', anonymousId: `d1-${tag}`, userId: `bob-${tag}`, traits: { plan: 'team' }, timestamp: '2026-01-03T00:00:00Z' },
      { type: 'identify', anonymousId: `d2-${tag}`, userId: `bob-${tag}`, traits: { plan: 'pro' }, timestamp: '2026-01-04T00:00:00Z' },
      { type: 'alias', previousId: `d3-${tag}`, userId: `ann-${tag}`, anonymousId: `d3-${tag}`, timestamp: '2026-01-05T00:00:00Z' },
      { type: 'identify', anonymousId: `d4-${tag}`, traits: { email: `ANN-${tag}@x.io`, plan: 'enterprise' }, timestamp: '2026-01-06T00:00:00Z' },
      { type: 'track', anonymousId: 'undefined', userId: `carl-${tag}`, event: 'Opened', timestamp: '2026-01-07T00:00:00Z' },
      { type: 'identify', anonymousId: `d4-${tag}`, userId: '0', traits: { plan: 'ignored-id' }, timestamp: '2026-01-08T00:00:00Z' },
    ];
    const reference = `ref${randomUUID().slice(0, 8)}`;
    await send(template(reference));
    const expected = await snapshot(reference);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (keys, batchSize) => {
        const tag = `run${randomUUID().slice(0, 8)}`;
        const events = template(tag)
          .map((e, i) => ({ e, k: keys[i] }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        for (let i = 0; i < events.length; i += batchSize) await send(events.slice(i, i + batchSize), false);
        await analytics.app.get(ProfileProjector).drain();
        expect(await snapshot(tag)).toEqual(expected);
      }),
      { numRuns: 6 },
    );
  });

  it('merges two profiles past the limits and splits an identifier off again, audited', async () => {
    const [a, b] = [`m1-${randomUUID()}`, `m2-${randomUUID()}`];
    await send([
      { type: 'identify', userId: a, timestamp: '2026-02-01T00:00:00Z' },
      { type: 'identify', userId: b, timestamp: '2026-02-02T00:00:00Z' },
    ]);
    const audits = await auditCount();
    const merged = await analytics.request<{ mergeProfiles: { id: string } }>(
      `mutation($i: MergeProfilesInput!) { mergeProfiles(input: $i) { id firstSeenAt lastSeenAt } }`,
      { i: { profileId: profileIdOf(`user_id:${b}`), intoProfileId: profileIdOf(`user_id:${a}`) } },
    );
    expect(merged.errors).toBeUndefined();
    expect(await profileOf(`user_id:${a}`)).toBe(await profileOf(`user_id:${b}`));
    expect(merged.data!.mergeProfiles).toEqual({
      id: await profileOf(`user_id:${a}`),
      firstSeenAt: '2026-02-01T00:00:00.000Z',
      lastSeenAt: '2026-02-02T00:00:00.000Z',
    });
    const split = await analytics.request<{ splitIdentifier: { id: string } }>(`mutation { splitIdentifier(input: { kind: USER_ID, value: "${b}" }) { id } }`);
    expect(split.errors).toBeUndefined();
    expect(split.data!.splitIdentifier.id).toBe(profileIdOf(`user_id:${b}`));
    expect(await profileOf(`user_id:${a}`)).not.toBe(await profileOf(`user_id:${b}`));
    expect(await auditCount()).toBe(audits + 2);
  });

  it('refuses a merge with itself, an unknown profile or identifier, and a caller without analytics:manage, changing nothing', async () => {
    const u = `solo-${randomUUID()}`;
    await send([{ type: 'identify', userId: u }]);
    const id = profileIdOf(`user_id:${u}`);
    const before = { audits: await auditCount(), merges: (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM identity_merges`))[0].n };
    const MERGE = `mutation($i: MergeProfilesInput!) { mergeProfiles(input: $i) { id } }`;
    const code = async (query: string, variables?: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) =>
      (await analytics.request(query, variables, as)).errors?.[0].extensions?.code;
    expect(await code(MERGE, { i: { profileId: id, intoProfileId: id } })).toBe('ILLEGAL_PROFILE_MERGE');
    expect(await code(MERGE, { i: { profileId: id, intoProfileId: randomUUID() } })).toBe('NOT_FOUND');
    expect(await code(MERGE, { i: { profileId: id, intoProfileId: 'nope' } })).toBe('NOT_FOUND');
    expect(await code(`mutation { splitIdentifier(input: { kind: EMAIL, value: "nobody@x.io" }) { id } }`)).toBe('NOT_FOUND');
    expect(await code(`mutation { splitIdentifier(input: { kind: EMAIL, value: "  " }) { id } }`)).toBe('BAD_USER_INPUT');
    expect(await code(`mutation($id: ID!) { eraseProfile(id: $id) { events } }`, { id: randomUUID() })).toBe('NOT_FOUND');
    expect(await code(`mutation { rebuildProfiles { events } }`, undefined, { sub: 'ana', roles: [Role.Analyst] })).toBe('FORBIDDEN');
    expect(await code(`mutation($id: ID!) { eraseProfile(id: $id) { events } }`, { id }, { sub: 'mo', roles: [Role.Marketing] })).toBe('FORBIDDEN');
    expect({ audits: await auditCount(), merges: (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM identity_merges`))[0].n }).toEqual(before);
    expect(await profileOf(`user_id:${u}`)).toBe(id);
  });

  it('erases a person: events, identifiers and traits go, and the same ids later bring nothing back', async () => {
    const userId = `gone-${randomUUID()}`;
    const anonymousId = `gone-anon-${randomUUID()}`;
    const email = `${userId}@example.com`;
    const neighbour = `kept-${randomUUID()}`;
    await send([
      { type: 'page', anonymousId, name: 'Home' },
      { type: 'identify', anonymousId, userId, traits: { email, plan: 'pro' } },
      { type: 'track', userId: neighbour, event: 'Kept' },
    ]);
    await apply(contentDownloadedV1, randomUUID(), {
      downloadId: randomUUID(),
      contentId: randomUUID(),
      contentTitle: 'Guide',
      email,
      firstName: 'Gone',
      lastName: null,
      company: null,
      anonymousId,
      downloadedAt: new Date().toISOString(),
    });
    const id = profileIdOf(`user_id:${userId}`);
    const erased = await analytics.request<{ eraseProfile: { identifiers: number; events: number } }>(
      `mutation($id: ID!) { eraseProfile(id: $id) { identifiers events } }`,
      { id },
    );
    expect(erased.errors).toBeUndefined();
    expect(erased.data!.eraseProfile).toEqual({ identifiers: 3, events: 3 });
    const left = async () => ({
      raw: (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM raw_events WHERE user_id = $1 OR anonymous_id = $2`, [userId, anonymousId]))[0].n,
      domain: (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM domain_events WHERE data->>'email' = $1`, [email]))[0].n,
      identities: (
        await analytics.dataSource.query(`SELECT count(*)::int AS n FROM identities WHERE key = ANY($1)`, [
          [`user_id:${userId}`, `email:${email}`, `anonymous_id:${anonymousId}`],
        ])
      )[0].n,
      traits: (
        await analytics.dataSource.query(`SELECT count(*)::int AS n FROM trait_observations WHERE key = ANY($1)`, [[`user_id:${userId}`, `email:${email}`]])
      )[0].n,
      profile: (await analytics.dataSource.query(`SELECT count(*)::int AS n FROM person_profiles WHERE id = $1`, [id]))[0].n,
      audit: JSON.stringify(await analytics.dataSource.query(`SELECT * FROM audit_log`)).includes(userId),
    });
    const none = { raw: 0, domain: 0, identities: 0, traits: 0, profile: 0, audit: false };
    expect(await left()).toEqual(none);
    await send([
      { type: 'identify', userId, traits: { plan: 'back' } },
      { type: 'page', anonymousId, name: 'Home again' },
    ]);
    await apply(contentDownloadedV1, randomUUID(), {
      downloadId: randomUUID(),
      contentId: randomUUID(),
      contentTitle: 'Guide',
      email,
      firstName: 'Gone',
      lastName: null,
      company: null,
      anonymousId: null,
      downloadedAt: new Date().toISOString(),
    });
    expect({ ...(await left()), domain: 0 }).toEqual(none);
    expect(await profileOf(`user_id:${neighbour}`)).toBe(profileIdOf(`user_id:${neighbour}`));
  });

  it('rebuilds the same profiles from the stored events', async () => {
    await send([
      { type: 'identify', anonymousId: `rb-${randomUUID()}`, userId: `rb-user-${randomUUID()}`, traits: { email: `rb-${randomUUID()}@x.io`, plan: 'a' } },
    ]);
    const all = async () =>
      analytics.dataSource.query(
        `SELECT p.id, p.canonical_key, p.customer_id, p.traits, p.first_seen_at, p.last_seen_at,
                (SELECT array_agg(i.key ORDER BY i.key) FROM identities i WHERE i.profile_id = p.id) AS keys
           FROM person_profiles p ORDER BY p.id`,
      );
    const before = await all();
    expect(before.length).toBeGreaterThan(5);
    const rebuilt = await analytics.request<{ rebuildProfiles: { events: number; profiles: number } }>(`mutation { rebuildProfiles { events profiles } }`);
    expect(rebuilt.errors).toBeUndefined();
    expect(rebuilt.data!.rebuildProfiles.profiles).toBe(before.length);
    expect(await all()).toEqual(before);
  });
});
