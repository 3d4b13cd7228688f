import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { inventoryClient } from '../testing/fixtures';

const RESERVE = `mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id quantity status expiresAt } }`;
const RELEASE = `mutation($id: ID!) { releaseReservation(id: $id) { id status } }`;
const CONFIRM = `mutation($id: ID!) { confirmReservation(id: $id) { id status expiresAt } }`;

describe('inventory reservations (real Postgres)', () => {
  let inventory: TestSubgraph;
  let client: ReturnType<typeof inventoryClient>;

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    client = inventoryClient(inventory);
  });
  afterAll(() => inventory?.close());

  const reserve = (productId: string, quantity: number, expiresInSeconds?: number) =>
    inventory.request<{ reserveStock: { id: string; quantity: number; status: string } }>(RESERVE, { i: { productId, quantity, expiresInSeconds } });

  it('50 concurrent clients reserving one unit each of a product with 20 get exactly 20 units, never more', async () => {
    const id = await client.product(20);
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(id, 1)));
    const granted = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(granted).toHaveLength(20);
    expect(refused.map((r) => r.errors![0].extensions)).toEqual(Array(30).fill(expect.objectContaining({ code: 'INSUFFICIENT_STOCK', available: 0 })));
    expect(await client.available(id)).toEqual({ available: 0, stock: [{ onHand: 20, reserved: 20, available: 0 }] });
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('50 concurrent clients asking for 1 to 5 units never push available below zero, and each refusal was short of stock', async () => {
    const id = await client.product(37);
    const asks = Array.from({ length: 50 }, (_, i) => 1 + (i % 5));
    const results = await Promise.all(asks.map((n) => reserve(id, n)));
    const held = results.reduce((sum, r, i) => sum + (r.errors ? 0 : asks[i]), 0);
    expect(held).toBeLessThanOrEqual(37);
    const smallestRefused = Math.min(...asks.filter((_, i) => results[i].errors));
    // The last refusal saw fewer units than it asked for: at most smallestRefused - 1 can be left.
    expect(37 - held).toBeLessThan(smallestRefused);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0].extensions?.code).toBe('INSUFFICIENT_STOCK');
    expect((await client.available(id)).available).toBe(37 - held);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('refuses a hold larger than what is available and writes nothing', async () => {
    const id = await client.product(2);
    const before = await client.footprint();
    const refused = await reserve(id, 3);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 2, productId: id });
    const unknown = await reserve('00000000-0000-4000-8000-000000000000', 1);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const zero = await reserve(id, 0);
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await client.footprint()).toEqual(before);
  });

  it('releases a hold once: the units come back, a second release or a confirm is RESERVATION_CLOSED', async () => {
    const id = await client.product(4);
    const hold = (await reserve(id, 3)).data!.reserveStock;
    expect((await client.available(id)).available).toBe(1);
    expect((await inventory.request(RELEASE, { id: hold.id })).data).toEqual({ releaseReservation: { id: hold.id, status: 'RELEASED' } });
    expect((await client.available(id)).available).toBe(4);
    const again = await inventory.request(RELEASE, { id: hold.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'RESERVATION_CLOSED', status: 'RELEASED' });
    const confirm = await inventory.request(CONFIRM, { id: hold.id });
    expect(confirm.errors?.[0].extensions?.code).toBe('RESERVATION_CLOSED');
    expect((await client.available(id)).available).toBe(4);
  });

  it('50 concurrent releases of one hold give its units back exactly once', async () => {
    const id = await client.product(5);
    const hold = (await reserve(id, 5)).data!.reserveStock;
    const results = await Promise.all(Array.from({ length: 50 }, () => inventory.request(RELEASE, { id: hold.id })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code))).toEqual(new Set(['RESERVATION_CLOSED']));
    expect(await client.available(id)).toEqual({ available: 5, stock: [{ onHand: 5, reserved: 0, available: 5 }] });
  });

  it('expires an unconfirmed hold once, by replicas that started after it was made, and keeps a confirmed one', async () => {
    const id = await client.product(6);
    const expiring = (await reserve(id, 2, 1)).data!.reserveStock;
    const confirmed = (await reserve(id, 3, 1)).data!.reserveStock;
    expect((await inventory.request(CONFIRM, { id: confirmed.id })).data).toEqual({
      confirmReservation: { id: confirmed.id, status: 'OPEN', expiresAt: null },
    });
    // Two replicas polling fast on the same database, started after the hold: what is due lives in the table, not in memory.
    const fast = { RESERVATION_EXPIRY_POLL_MS: '50' };
    const replicas = await Promise.all([
      startTestSubgraph(inventorySubgraph, fast, { databaseUrl: inventory.databaseUrl }),
      startTestSubgraph(inventorySubgraph, fast, { databaseUrl: inventory.databaseUrl }),
    ]);
    try {
      await eventually(async () => (await client.available(id)).available === 3, 'the hold to expire');
      const statuses = await inventory.dataSource.query(`SELECT id, status FROM reservations WHERE id = ANY($1) ORDER BY quantity`, [
        [expiring.id, confirmed.id],
      ]);
      expect(statuses).toEqual([
        { id: expiring.id, status: 'expired' },
        { id: confirmed.id, status: 'open' },
      ]);
      const reports = await inventory.dataSource.query(
        `SELECT envelope->'data'->>'available' AS a FROM outbox WHERE envelope->>'type' = 'inventory.stock.availability-changed' AND key = $1 ORDER BY id`,
        [id],
      );
      expect(reports.map((r: { a: string }) => Number(r.a))).toEqual([6, 4, 1, 3]);
      expect(await client.check()).toMatchObject({ consistent: true });
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
