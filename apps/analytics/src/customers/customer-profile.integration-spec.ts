import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';

const PROFILES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id profile { id firstSeenAt } } } }`;

describe('analytics Customer.profile (real Postgres)', () => {
  let analytics: TestSubgraph;
  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
  });
  afterAll(() => analytics?.close());

  const load = (ids: string[]) =>
    analytics.request<{ _entities: { id: string; profile: { id: string; firstSeenAt: string } }[] }>(PROFILES, {
      r: ids.map((id) => ({ __typename: 'Customer', id })),
    });

  it('opens one profile per customer and keeps it stable', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const first = await load([a, b, a]);
    expect(first.errors).toBeUndefined();
    const [pa, pb, pa2] = first.data!._entities.map((e) => e.profile);
    expect(pa.id).not.toBe(pb.id);
    expect(pa2).toEqual(pa);
    const again = await load([b, a]);
    expect(again.data!._entities.map((e) => e.profile)).toEqual([pb, pa]);
    const rows = await analytics.dataSource.query('SELECT count(*)::int AS n FROM profiles WHERE customer_id = ANY($1::uuid[])', [[a, b]]);
    expect(rows[0].n).toBe(2);
  });

  it('reads and opens the profiles of a whole batch with one statement', async () => {
    const existing = randomUUID();
    await load([existing]);
    const before = await analytics.queryCount();
    const result = await load([existing, ...Array.from({ length: 100 }, () => randomUUID())]);
    expect(result.data!._entities).toHaveLength(101);
    expect((await analytics.queryCount()) - before).toBe(1);
  });
});
