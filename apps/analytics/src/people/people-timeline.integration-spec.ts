import { randomUUID } from 'node:crypto';
import { contentDownloadedV1, createEnvelope, eventOf, inboxHandler, platformEvents, subscriptionOf } from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';
import { profileIdOf } from '../identity/identity-rules';
import { ProfileProjector } from '../identity/profile-projector';

const TIMELINE = `query($id: ID!, $before: String) { profile(id: $id) { timeline(first: 2, before: $before) { at type name cursor } } }`;

describe('analytics profile timeline and content activity (real Postgres)', () => {
  let analytics: TestSubgraph;
  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
  });
  afterAll(() => analytics?.close());

  it('lists tracked calls and reported downloads newest first, each once, page by page', async () => {
    const writeKey = (
      await analytics.request<{ createTrackingSource: { writeKey: string } }>(`mutation { createTrackingSource(input: { name: "T" }) { writeKey } }`)
    ).data!.createTrackingSource.writeKey;
    const userId = `tl-${randomUUID()}`;
    const anonymousId = `tl-anon-${randomUUID()}`;
    const email = `${userId}@example.com`;
    const response = await fetch(`${analytics.url.replace(/\/graphql$/, '')}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      body: JSON.stringify({
        batch: [
          { type: 'page', anonymousId, name: 'Home', timestamp: '2026-05-01T10:00:00Z' },
          // Carries both ids of the same person: one entry, not two.
          { type: 'identify', anonymousId, userId, traits: { email }, timestamp: '2026-05-01T10:05:00Z' },
          { type: 'track', userId, event: 'Trial Started', timestamp: '2026-05-01T10:20:00Z' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    await analytics.app.get(ProfileProjector).drain();
    const consumer = analytics.app.get(DomainEventsConsumer);
    const envelope = createEnvelope(
      'cms',
      eventOf(
        contentDownloadedV1,
        randomUUID(),
        {
          downloadId: randomUUID(),
          contentId: randomUUID(),
          contentTitle: 'Pricing guide',
          email,
          firstName: null,
          lastName: null,
          company: null,
          anonymousId: null,
          downloadedAt: '2026-05-01T10:10:00.000Z',
        },
        { time: new Date('2026-05-01T10:10:00.000Z') },
      ),
    );
    await inboxHandler({
      dataSource: analytics.dataSource,
      registry: platformEvents,
      group: consumer.group,
      handlers: subscriptionOf(consumer.bindings).handlers,
    })({
      value: JSON.stringify(envelope),
      key: envelope.subject,
      partition: 0,
      offset: '0',
      topic: contentDownloadedV1.topic,
      headers: {},
    });

    const id = profileIdOf(`user_id:${userId}`);
    const seen: [string, string, string | null][] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: { data?: { profile: { timeline: { at: string; type: string; name: string | null; cursor: string }[] } } | null; errors?: unknown } =
        await analytics.request(TIMELINE, { id, before });
      expect(result.errors).toBeUndefined();
      const entries = result.data!.profile.timeline;
      seen.push(...entries.map((e) => [e.at, e.type, e.name] as [string, string, string | null]));
      if (entries.length < 2) break;
      before = entries[entries.length - 1].cursor;
    }
    expect(seen).toEqual([
      ['2026-05-01T10:20:00.000Z', 'track', 'Trial Started'],
      ['2026-05-01T10:10:00.000Z', 'cms.content.downloaded', 'Pricing guide'],
      ['2026-05-01T10:05:00.000Z', 'identify', null],
      ['2026-05-01T10:00:00.000Z', 'page', 'Home'],
    ]);
    const content = await analytics.request<{ profile: { content: Record<string, number> } }>(
      `query($id: ID!) { profile(id: $id) { content { pagesViewed contentDownloaded formsSubmitted } } }`,
      { id },
    );
    expect(content.data!.profile.content).toEqual({ pagesViewed: 1, contentDownloaded: 1, formsSubmitted: 0 });
    const bad = await analytics.request(TIMELINE, { id, before: 'nope' });
    expect((bad.errors as { extensions?: { code?: string } }[])?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
