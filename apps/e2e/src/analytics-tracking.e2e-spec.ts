import { Analytics } from '@segment/analytics-node';
import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import { findProfile } from './analytics-operations';
import { gatewayClient, platform } from './platform';

/**
 * Segment's own server library and a browser-style call from another origin
 * against the running platform, read back through the gateway: tracked
 * calls become a profile, and crm's customer links to its people.
 */
describe('analytics tracking through the platform', () => {
  const admin = gatewayClient([Role.Admin]);
  let writeKey: string;
  beforeAll(async () => {
    writeKey = (await admin.request<{ createTrackingSource: { writeKey: string } }>(`mutation { createTrackingSource(input: { name: "E2E" }) { writeKey } }`))
      .createTrackingSource.writeKey;
  });

  const profileOf = (userId: string) => findProfile(admin, userId);

  it('takes identify, track, page and batches from @segment/analytics-node and shows them in the profile', async () => {
    const userId = `e2e-${randomUUID()}`;
    const anonymousId = `e2e-anon-${randomUUID()}`;
    const client = new Analytics({ writeKey, host: platform().serviceUrls.analytics, flushAt: 2, flushInterval: 50, maxRetries: 0 });
    const errors: unknown[] = [];
    client.on('error', (err) => errors.push(err));
    client.page({ anonymousId, name: 'Pricing' });
    client.identify({ userId, anonymousId, traits: { email: `${userId}@example.test`, plan: 'team' } });
    client.track({ userId, event: 'Trial Started', properties: { seats: 5 } });
    await client.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);
    const profile = await profileOf(userId);
    expect(profile.traits).toEqual([{ name: 'plan', value: '"team"' }]);
    expect(profile.personalTraits).toEqual([{ name: 'email', value: JSON.stringify(`${userId}@example.test`) }]);
    expect(profile.identities.map((i) => i.kind).sort()).toEqual(['ANONYMOUS_ID', 'EMAIL', 'USER_ID']);
    // Analysts read the profile without its personal data.
    const analyst = await gatewayClient([Role.Analyst]).request<{ profile: { traits: unknown[] } }>(
      `query($id: ID!) { profile(id: $id) { traits { name value } } }`,
      {
        id: profile.id,
      },
    );
    expect(analyst.profile.traits).toEqual([{ name: 'plan', value: '"team"' }]);
  });

  it('accepts a browser call from another origin and refuses a bad write key', async () => {
    const base = platform().serviceUrls.analytics;
    const origin = 'https://shop.example.test';
    const preflight = await fetch(`${base}/v1/t`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, origin]);
    const userId = `e2e-browser-${randomUUID()}`;
    const sent = await fetch(`${base}/v1/i`, {
      method: 'POST',
      headers: { origin, 'content-type': 'text/plain' },
      body: JSON.stringify({ userId, writeKey, traits: { plan: 'free' }, sentAt: new Date().toISOString(), timestamp: new Date().toISOString() }),
    });
    expect([sent.status, sent.headers.get('access-control-allow-origin')]).toEqual([200, origin]);
    expect((await profileOf(userId)).traits).toEqual([{ name: 'plan', value: '"free"' }]);
    const refused = await fetch(`${base}/v1/t`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ userId, event: 'X', writeKey: 'wk_nope' }),
    });
    expect(refused.status).toBe(401);
  });
});
