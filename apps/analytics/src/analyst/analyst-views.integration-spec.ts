import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dealWonV1, createEnvelope, type EventContract, type EventData, eventOf, inboxHandler, platformEvents, subscriptionOf } from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { DomainEventsConsumer } from '../domain/domain-events.consumer';
import { ProfileProjector } from '../identity/profile-projector';

describe('analyst SQL views and the read-only role (real Postgres)', () => {
  let analytics: TestSubgraph;
  let reader: Client;
  const login = `bi_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    const password = randomBytes(12).toString('hex');
    await analytics.dataSource.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE analytics_reader`);
    const url = new URL(analytics.databaseUrl);
    url.username = login;
    url.password = password;
    reader = new Client({ connectionString: url.toString() });
    await reader.connect();
  });
  afterAll(async () => {
    await reader?.end();
    await analytics?.dataSource.query(`DROP ROLE IF EXISTS ${login}`);
    await analytics?.close();
  });

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

  it('serves customer_360, profiles, events and identities without personal data', async () => {
    const created = await analytics.request<{ createTrackingSource: { writeKey: string } }>(
      `mutation { createTrackingSource(input: { name: "BI" }) { writeKey } }`,
    );
    const userId = `bi-${randomUUID()}`;
    const response = await fetch(`${analytics.url.replace(/\/graphql$/, '')}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${created.data!.createTrackingSource.writeKey}:`).toString('base64')}`,
      },
      body: JSON.stringify({
        batch: [
          { type: 'identify', userId, traits: { email: `${userId}@example.com`, plan: 'pro' }, context: { ip: '10.1.2.3' } },
          { type: 'track', userId, event: 'Upgraded', properties: { to: 'pro' } },
        ],
      }),
    });
    expect(response.status).toBe(200);
    await analytics.app.get(ProfileProjector).drain();
    const customerId = randomUUID();
    await analytics.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { profile { id } } } }`, {
      r: [{ __typename: 'Customer', id: customerId }],
    });
    await apply(dealWonV1, randomUUID(), {
      dealId: randomUUID(),
      customerId,
      contactId: null,
      ownerId: 'u',
      amount: { amount: '1200.50', currency: 'EUR' },
      lineItems: [],
      reason: 'Signed',
      wonAt: '2026-05-01T00:00:00.000Z',
    });

    const { rows: c360 } = await reader.query(`SELECT won_deals, won_revenue FROM analyst.customer_360 WHERE customer_id = $1`, [customerId]);
    expect(c360).toEqual([{ won_deals: 1, won_revenue: { EUR: '1200.50' } }]);
    const { rows: identities } = await reader.query(
      `SELECT kind, value FROM analyst.identities WHERE profile_id = (SELECT profile_id FROM analyst.identities WHERE value = $1)`,
      [userId],
    );
    expect(identities).toHaveLength(2);
    expect(identities.find((i) => i.kind === 'email').value).toMatch(/^[0-9a-f]{64}$/);
    const { rows: events } = await reader.query(
      `SELECT type, event, traits, properties, profile_id FROM analyst.events WHERE user_id = $1 ORDER BY "timestamp"`,
      [userId],
    );
    expect(events.map((e) => [e.type, e.traits])).toEqual([
      ['identify', { plan: 'pro' }],
      ['track', {}],
    ]);
    expect(events[0].profile_id).toEqual(expect.any(String));
    expect(JSON.stringify(events)).not.toContain('10.1.2.3');
    const { rows: profiles } = await reader.query(`SELECT traits FROM analyst.profiles WHERE profile_id = $1`, [events[0].profile_id]);
    expect(profiles).toEqual([{ traits: { plan: 'pro' } }]);
  });

  it('refuses the reader anything but reading the views', async () => {
    await expect(reader.query(`SELECT * FROM identities LIMIT 1`)).rejects.toThrow(/permission denied/);
    await expect(reader.query(`SELECT * FROM raw_events LIMIT 1`)).rejects.toThrow(/permission denied/);
    await expect(
      reader.query(`INSERT INTO analyst.profiles (profile_id, first_seen_at, last_seen_at) VALUES (gen_random_uuid(), now(), now())`),
    ).rejects.toThrow(/permission denied/);
    await expect(reader.query(`UPDATE analyst.identities SET kind = 'email'`)).rejects.toThrow(/permission denied/);
    await expect(reader.query(`DELETE FROM analyst.profiles`)).rejects.toThrow(/permission denied/);
    await expect(reader.query(`CREATE TABLE analyst.mine (id int)`)).rejects.toThrow(/permission denied/);
  });
});
