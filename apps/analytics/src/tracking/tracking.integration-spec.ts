import { Analytics } from '@segment/analytics-node';
import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';

const CREATE_SOURCE = `mutation($name: String!) { createTrackingSource(input: { name: $name }) { source { id name } writeKey } }`;

describe('Segment Tracking API (real Postgres, real HTTP)', () => {
  let analytics: TestSubgraph;
  let base: string;
  let writeKey: string;

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    base = analytics.url.replace(/\/graphql$/, '');
    const created = await analytics.request<{ createTrackingSource: { writeKey: string } }>(CREATE_SOURCE, { name: 'Website' });
    expect(created.errors).toBeUndefined();
    writeKey = created.data!.createTrackingSource.writeKey;
  });
  afterAll(() => analytics?.close());

  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: basic(writeKey) }) =>
    fetch(`${base}/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const count = async (sql: string, params: unknown[] = []) => (await analytics.dataSource.query(sql, params))[0].n as number;
  const storedFor = (id: string) => count(`SELECT count(*)::int AS n FROM raw_events WHERE user_id = $1 OR anonymous_id = $1 OR context->>'marker' = $1`, [id]);
  const noWrites = async () => ({
    raw: await count(`SELECT count(*)::int AS n FROM raw_events`),
    ids: await count(`SELECT count(*)::int AS n FROM tracked_message_ids`),
  });

  it('stores what @segment/analytics-node sends: identify, track, page and a flushed batch', async () => {
    const userId = `user-${randomUUID()}`;
    const client = new Analytics({ writeKey, host: base, flushAt: 3, flushInterval: 50, maxRetries: 0 });
    const failures: unknown[] = [];
    client.on('error', (err) => failures.push(err));
    client.identify({ userId, traits: { email: `${userId}@example.com`, plan: 'pro' } });
    client.track({ userId, event: 'Signed Up', properties: { source: 'ads' } });
    client.page({ userId, name: 'Pricing', properties: { path: '/pricing' } });
    client.track({ anonymousId: `anon-${userId}`, event: 'Viewed', context: { ip: '10.0.0.1' } });
    await client.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);
    const rows = await analytics.dataSource.query(
      `SELECT type, event, name, traits, properties, context->'library'->>'name' AS library, "timestamp", original_timestamp, sent_at
         FROM raw_events WHERE user_id = $1 ORDER BY seq`,
      [userId],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['identify', 'track', 'page']);
    expect(rows[0].traits).toEqual({ email: `${userId}@example.com`, plan: 'pro' });
    expect(rows[1]).toMatchObject({ event: 'Signed Up', properties: { source: 'ads' }, library: '@segment/analytics-node' });
    expect(rows[2]).toMatchObject({ name: 'Pricing' });
    expect(await storedFor(`anon-${userId}`)).toBe(1);
  });

  it('merges the batch context into each event, corrects client clock skew and de-duplicates by messageId', async () => {
    const userId = `u-${randomUUID()}`;
    const messageId = randomUUID();
    // The client's clock is one hour fast: it says it sent at 13:00:05 an event of 13:00:00.
    const batch = {
      batch: [
        { type: 'track', userId, event: 'Clicked', messageId, timestamp: '2030-01-01T13:00:00.000Z', context: { page: { path: '/a' } } },
        { type: 'track', userId, event: 'Clicked again', messageId, timestamp: '2030-01-01T13:00:01.000Z' },
      ],
      context: { library: { name: 'custom' }, page: { path: '/batch' } },
      sentAt: '2030-01-01T13:00:05.000Z',
    };
    const before = Date.now();
    const response = await post('batch', batch);
    const after = Date.now();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    expect((await post('batch', batch)).status).toBe(200); // a retried batch
    const rows = await analytics.dataSource.query(`SELECT event, context, "timestamp", original_timestamp, received_at FROM raw_events WHERE user_id = $1`, [
      userId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].event).toBe('Clicked');
    expect(rows[0].context).toEqual({ library: { name: 'custom' }, page: { path: '/a' } });
    expect(rows[0].original_timestamp).toEqual(new Date('2030-01-01T13:00:00.000Z'));
    const corrected = rows[0].timestamp.getTime();
    expect(corrected).toBe(rows[0].received_at.getTime() - 5000);
    expect(corrected).toBeGreaterThanOrEqual(before - 5000 - 1);
    expect(corrected).toBeLessThanOrEqual(after - 5000);
  });

  it('takes the write key from the body and each single-call route, short browser paths included', async () => {
    const anonymousId = `a-${randomUUID()}`;
    const calls: [string, Record<string, unknown>][] = [
      ['identify', { anonymousId, traits: { name: 'Ann' } }],
      ['track', { anonymousId, event: 'Opened' }],
      ['page', { anonymousId, name: 'Home' }],
      ['screen', { anonymousId, name: 'Dashboard' }],
      ['group', { anonymousId, groupId: 'acme', traits: { plan: 'team' } }],
      ['alias', { userId: `u-${anonymousId}`, previousId: anonymousId, anonymousId }],
      ['t', { anonymousId, event: 'Short track' }],
      ['p', { anonymousId, name: 'Short page' }],
    ];
    for (const [path, body] of calls) {
      const response = await post(path, { ...body, writeKey }, {});
      expect([path, response.status]).toEqual([path, 200]);
    }
    const types = await analytics.dataSource.query(`SELECT type FROM raw_events WHERE anonymous_id = $1 ORDER BY seq`, [anonymousId]);
    expect(types.map((r: { type: string }) => r.type)).toEqual(['identify', 'track', 'page', 'screen', 'group', 'alias', 'track', 'page']);
  });

  it('answers a browser on another origin: the preflight and a text/plain call', async () => {
    const preflight = await fetch(`${base}/v1/t`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    const anonymousId = `browser-${randomUUID()}`;
    const response = await fetch(`${base}/v1/t`, {
      method: 'POST',
      headers: { origin: 'https://shop.example.com', 'content-type': 'text/plain' },
      body: JSON.stringify({ anonymousId, event: 'Add to cart', writeKey, sentAt: new Date().toISOString(), timestamp: new Date().toISOString() }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(await storedFor(anonymousId)).toBe(1);
    // The graph keeps its own rules: no CORS headers there.
    const graph = await fetch(analytics.url, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com' } });
    expect(graph.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe("refuses bad input with Segment's status and stores nothing", () => {
    let before: Awaited<ReturnType<typeof noWrites>>;
    // The queue is left out: the projector empties it in the background, and a queued row is only ever written with its raw event.
    beforeEach(async () => {
      before = await noWrites();
    });
    afterEach(async () => expect(await noWrites()).toEqual(before));

    const refused = async (call: Promise<Response>, status: number, code: string) => {
      const response = await call;
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ success: false, code, message: expect.any(String) });
    };

    it('malformed JSON', () => refused(post('track', '{"userId": "x", "event": '), 400, 'MALFORMED_JSON'));
    it('a body that is not an object', () => refused(post('track', '[1,2]'), 400, 'MALFORMED_JSON'));
    it('an event with neither userId nor anonymousId, in a batch with a good one', async () => {
      await refused(
        post('batch', {
          batch: [
            { type: 'track', userId: 'ok', event: 'A' },
            { type: 'track', event: 'B', userId: '  ' },
          ],
        }),
        400,
        'INVALID_EVENT',
      );
    });
    it('a track without an event name', () => refused(post('track', { userId: 'u' }), 400, 'INVALID_EVENT'));
    it('a batch item of an unknown type', () => refused(post('batch', { batch: [{ type: 'purchase', userId: 'u' }] }), 400, 'INVALID_EVENT'));
    it('an unparseable timestamp', () => refused(post('track', { userId: 'u', event: 'E', timestamp: 'yesterday' }), 400, 'INVALID_EVENT'));
    it('an event over 32 KB inside a batch', () =>
      refused(post('batch', { batch: [{ type: 'track', userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } }] }), 400, 'PAYLOAD_TOO_LARGE'));
    it('a single call over 32 KB', () =>
      refused(post('track', { userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } }), 400, 'PAYLOAD_TOO_LARGE'));
    it('a batch over 500 KB', () =>
      refused(
        post('batch', {
          batch: Array.from({ length: 30 }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'E', properties: { blob: 'x'.repeat(20 * 1024) } })),
        }),
        400,
        'PAYLOAD_TOO_LARGE',
      ));
    it('no write key', () => refused(post('track', { userId: 'u', event: 'E' }, {}), 401, 'WRITE_KEY_MISSING'));
    it('a wrong write key', () => refused(post('track', { userId: 'u', event: 'E' }, { authorization: basic('wk_wrong') }), 401, 'WRITE_KEY_INVALID'));
    it("a disabled source's key", async () => {
      const other = await analytics.request<{ createTrackingSource: { source: { id: string }; writeKey: string } }>(CREATE_SOURCE, { name: 'Old app' });
      const { source, writeKey: oldKey } = other.data!.createTrackingSource;
      const disabled = await analytics.request(`mutation($id: ID!) { disableTrackingSource(id: $id) { disabledAt } }`, { id: source.id });
      expect(disabled.errors).toBeUndefined();
      await refused(post('track', { userId: 'u', event: 'E' }, { authorization: basic(oldKey) }), 401, 'WRITE_KEY_INVALID');
    });
  });

  it('keeps raw events in monthly partitions and drops whole months', async () => {
    const partitions = await analytics.dataSource.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'raw_events'`,
    );
    const now = new Date();
    expect(partitions.map((p: { relname: string }) => p.relname)).toEqual([
      `raw_events_${now.getUTCFullYear()}_${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
    ]);
  });

  it('stores the write key only as its hash', async () => {
    const rows = await analytics.dataSource.query(`SELECT write_key_hash FROM tracking_sources`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.write_key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(writeKey);
  });
});
