import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { PeopleRepository } from './people.repository';

/** The plans of the profile list and of a profile's reads on 20,000 profiles: each is served by an index. */
describe('analytics profile plans (real Postgres)', () => {
  let analytics: TestSubgraph;
  const customerId = randomUUID();

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    await analytics.dataSource.query(
      `INSERT INTO person_profiles (id, canonical_key, customer_id, first_seen_at, last_seen_at, created_at)
       SELECT gen_random_uuid(), 'user_id:u' || i, CASE WHEN i % 100 = 0 THEN $1::uuid ELSE gen_random_uuid() END, now(), now() - (i % 400) * interval '1 day',
              date_trunc('milliseconds', now()) - i * interval '1 second'
         FROM generate_series(1, 20000) i`,
      [customerId],
    );
    await analytics.dataSource.query(
      `INSERT INTO identities (key, kind, value, profile_id, first_seen_at, last_seen_at)
       SELECT 'user_id:' || p.canonical_key, 'user_id', p.canonical_key, p.id, now(), now() FROM person_profiles p`,
    );
    await analytics.dataSource.query(`ANALYZE person_profiles; ANALYZE identities`);
  });
  afterAll(() => analytics?.close());

  const explain = async (sql: string, params: unknown[]) =>
    (await analytics.dataSource.query(`EXPLAIN ${sql}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const list = (filter: Record<string, unknown>, after: { at: Date; id: string } | null = null) => {
    const { sql, params } = analytics.app.get(PeopleRepository).listQuery(filter, 21, after);
    return explain(sql, params);
  };

  it('pages the whole list by (created_at, id)', async () => {
    expect(await list({})).toMatch(/Index Scan using person_profiles_created/);
    expect(await list({}, { at: new Date(), id: randomUUID() })).toMatch(/Index (Cond|Scan using person_profiles_created)/);
  });

  it("serves a customer's people from its index", async () => {
    expect(await list({ customerId })).toMatch(/person_profiles_customer/);
  });

  it("reads a profile's identities by profile", async () => {
    expect(await explain(`SELECT * FROM identities i WHERE i.profile_id = ANY($1::uuid[])`, [[randomUUID()]])).toMatch(/identities_profile_id/);
  });
});
