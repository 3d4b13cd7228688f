import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';

const ORDERS = (first?: number) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id orders${first ? `(first: ${first})` : ''} { number status } } } }`;

describe('inventory Customer.orders (real Postgres)', () => {
  let inventory: TestSubgraph;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    for (let i = 1; i <= 3; i++) {
      await inventory.dataSource.query(
        `INSERT INTO sales_orders (id, customer_id, number, status, created_at) VALUES ($1, $2, $3, 'pending', date_trunc('milliseconds', now()) + make_interval(secs => $4))`,
        [randomUUID(), alice, `SO-A${i}`, i],
      );
    }
    await inventory.dataSource.query(`INSERT INTO sales_orders (id, customer_id, number, status) VALUES ($1, $2, 'SO-B1', 'shipped')`, [randomUUID(), bob]);
  });
  afterAll(() => inventory?.close());

  const load = (query: string, ids: string[]) =>
    inventory.request<{ _entities: { id: string; orders: { number: string; status: string }[] }[] }>(query, {
      r: ids.map((id) => ({ __typename: 'Customer', id })),
    });

  it("lists each customer's newest orders first, limited per customer", async () => {
    const all = await load(ORDERS(), [alice, bob, randomUUID()]);
    expect(all.data!._entities.map((c) => c.orders.map((o) => o.number))).toEqual([['SO-A3', 'SO-A2', 'SO-A1'], ['SO-B1'], []]);
    expect(all.data!._entities[1].orders[0].status).toBe('SHIPPED');
    const two = await load(ORDERS(2), [alice, bob]);
    expect(two.data!._entities.map((c) => c.orders.length)).toEqual([2, 1]);
  });

  it('uses one query per batch', async () => {
    const before = await inventory.queryCount();
    await load(ORDERS(), [alice, bob, ...Array.from({ length: 100 }, () => randomUUID())]);
    expect((await inventory.queryCount()) - before).toBe(1);
  });

  it('refuses a page size outside 1..100', async () => {
    const result = await load(ORDERS(101), [alice]);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
