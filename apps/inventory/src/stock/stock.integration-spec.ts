import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { inventoryClient, WAREHOUSE_CLERK } from '../testing/fixtures';

const ADJUST = `mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand reserved available averageCost { amount currency } } }`;

describe('inventory products, stock and its ledger (real Postgres)', () => {
  let inventory: TestSubgraph;
  let client: ReturnType<typeof inventoryClient>;

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    client = inventoryClient(inventory);
  });
  afterAll(() => inventory?.close());

  const outboxOf = async (type: string, subject: string) =>
    (await inventory.dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = $1 AND key = $2 ORDER BY id`, [type, subject])).map(
      (r: { envelope: { data: unknown } }) => r.envelope.data,
    );

  it('creates a product, refuses its SKU again in any case, and lists products oldest first', async () => {
    const id = await client.product(0, '4.00', 'Widget-1');
    const again = await inventory.request(
      `mutation { createProduct(input: { sku: "WIDGET-1", name: "x", unitOfMeasure: "pcs", listPrice: { amount: "1", currency: "EUR" }, standardCost: { amount: "1", currency: "EUR" } }) { id } }`,
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', sku: 'WIDGET-1' });
    const { product } = await client.ok<{
      product: { sku: string; listPrice: { amount: string }; standardCost: { amount: string }; available: number; stock: unknown[] };
    }>(`query($id: ID!) { product(id: $id) { sku listPrice { amount } standardCost { amount } available stock { onHand } } }`, { id });
    expect(product).toEqual({ sku: 'Widget-1', listPrice: { amount: '25.00' }, standardCost: { amount: '4.00' }, available: 0, stock: [] });
    const page = await client.ok<{ products: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean } } }>(
      `{ products(first: 100) { nodes { id } pageInfo { hasNextPage } } }`,
    );
    expect(page.products.nodes.map((p) => p.id)).toContain(id);
  });

  it('creates one product when ten clients race for one SKU; the others get CONFLICT', async () => {
    const create = `mutation { createProduct(input: { sku: "RACE-1", name: "x", unitOfMeasure: "pcs", listPrice: { amount: "1", currency: "EUR" }, standardCost: { amount: "1", currency: "EUR" } }) { id } }`;
    const results = await Promise.all(Array.from({ length: 10 }, () => inventory.request(create)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(9).fill('CONFLICT'));
  });

  it('refuses bad product input with BAD_USER_INPUT and writes nothing', async () => {
    const before = await inventory.dataSource.query(`SELECT count(*)::int AS n FROM products`);
    const mixed = await inventory.request(
      `mutation { createProduct(input: { sku: "MIX-1", name: "x", unitOfMeasure: "pcs", listPrice: { amount: "1", currency: "EUR" }, standardCost: { amount: "1", currency: "USD" } }) { id } }`,
    );
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badSku = await inventory.request(
      `mutation { createProduct(input: { sku: "has space", name: "x", unitOfMeasure: "pcs", listPrice: { amount: "1", currency: "EUR" }, standardCost: { amount: "1", currency: "EUR" } }) { id } }`,
    );
    expect(badSku.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await inventory.dataSource.query(`SELECT count(*)::int AS n FROM products`)).toEqual(before);
  });

  it('receives at moving-average cost, keeps the ledger and the stock row in step, and reports availability', async () => {
    const id = await client.product(10, '10.00');
    await client.receive(id, 10, '20.00');
    const level = await client.ok<{ adjustStock: { onHand: number; averageCost: { amount: string } } }>(ADJUST, {
      i: { productId: id, quantity: -5, reason: 'breakage' },
    });
    expect(level.adjustStock).toMatchObject({ onHand: 15, averageCost: { amount: '15.00' } });
    const movements = await client.ok<{ stockMovements: { nodes: { kind: string; quantity: number }[] } }>(
      `query($p: ID) { stockMovements(first: 10, productId: $p) { nodes { kind quantity } } }`,
      { p: id },
    );
    expect(movements.stockMovements.nodes).toEqual([
      { kind: 'ADJUSTMENT', quantity: -5 },
      { kind: 'RECEIPT', quantity: 10 },
      { kind: 'RECEIPT', quantity: 10 },
    ]);
    expect((await outboxOf('inventory.stock.availability-changed', id)).map((d: { available: number }) => d.available)).toEqual([10, 20, 15]);
    expect(await outboxOf('inventory.stock.adjusted', id)).toEqual([
      expect.objectContaining({ quantity: -5, onHand: 15, reason: 'breakage', unitCost: { amount: '15.00', currency: 'EUR' } }),
    ]);
    expect(await client.check()).toMatchObject({ consistent: true, discrepancies: [] });
  });

  it('refuses to take away reserved or missing units with INSUFFICIENT_STOCK, writing nothing', async () => {
    const id = await client.product(3);
    await client.ok(`mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`, { i: { productId: id, quantity: 2 } });
    const before = await client.footprint();
    const refused = await inventory.request(ADJUST, { i: { productId: id, quantity: -2, reason: 'lost' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 1 });
    const zero = await inventory.request(ADJUST, { i: { productId: id, quantity: 0, reason: 'nothing' } });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await client.footprint()).toEqual(before);
  });

  it('transfers free units between warehouses at their cost, and refuses a transfer to the same warehouse', async () => {
    const id = await client.product(6, '3.00');
    const { createWarehouse } = await client.ok<{ createWarehouse: { id: string } }>(
      `mutation { createWarehouse(input: { code: "EAST-1", name: "East" }) { id } }`,
    );
    const { warehouses } = await client.ok<{ warehouses: { nodes: { id: string; isDefault: boolean }[] } }>(`{ warehouses { nodes { id isDefault } } }`);
    const main = warehouses.nodes.find((w) => w.isDefault)!.id;
    const moved = await client.ok<{ transferStock: { onHand: number; averageCost: { amount: string } }[] }>(
      `mutation($i: TransferStockInput!) { transferStock(input: $i) { onHand averageCost { amount } } }`,
      { i: { productId: id, fromWarehouseId: main, toWarehouseId: createWarehouse.id, quantity: 4 } },
    );
    expect(moved.transferStock).toEqual([
      { onHand: 2, averageCost: { amount: '3.00' } },
      { onHand: 4, averageCost: { amount: '3.00' } },
    ]);
    expect((await client.available(id)).available).toBe(6);
    const same = await inventory.request(`mutation($i: TransferStockInput!) { transferStock(input: $i) { onHand } }`, {
      i: { productId: id, fromWarehouseId: main, toWarehouseId: main, quantity: 1 },
    });
    expect(same.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('records stock corrections in the audit log, with who made them', async () => {
    const id = await client.product(4);
    const adjusted = await inventory.request(ADJUST, { i: { productId: id, quantity: -1, reason: 'count' } }, WAREHOUSE_CLERK);
    expect(adjusted.errors).toBeUndefined();
    const { inventoryAuditLog } = await client.ok<{ inventoryAuditLog: { actor: string; action: string; target: string }[] }>(
      `{ inventoryAuditLog(first: 100) { actor action target } }`,
    );
    expect(inventoryAuditLog.filter((e) => e.target === id).sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { actor: 'clerk', action: 'adjustStock', target: id },
      { actor: 'test-admin', action: 'createProduct', target: id },
      { actor: 'test-admin', action: 'receiveStock', target: id },
    ]);
  });

  it('keeps movements immutable: the database refuses to change or delete one', async () => {
    await client.product(1);
    await expect(inventory.dataSource.query(`UPDATE stock_movements SET quantity = 99`)).rejects.toThrow(/immutable/);
    await expect(inventory.dataSource.query(`DELETE FROM stock_movements`)).rejects.toThrow(/immutable/);
  });

  it('finds a stock row edited behind the ledger', async () => {
    const id = await client.product(5);
    await inventory.dataSource.query(`UPDATE stock_levels SET on_hand = 7 WHERE product_id = $1`, [id]);
    const check = await client.check();
    expect(check.consistent).toBe(false);
    expect(check.discrepancies).toEqual([expect.objectContaining({ productId: id, problem: 'on hand differs from the ledger', expected: 5, actual: 7 })]);
    await inventory.dataSource.query(`UPDATE stock_levels SET on_hand = 5 WHERE product_id = $1`, [id]);
  });

  it('hides costs from roles without stock.cost:read and stock changes from roles without stock:write', async () => {
    const id = await client.product(1);
    const sales = { sub: 's', roles: [Role.Sales] };
    const seen = await inventory.request(`query($id: ID!) { product(id: $id) { available standardCost { amount } } }`, { id }, sales);
    expect(seen.data).toBeNull();
    expect(seen.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'stock.cost:read' });
    const write = await inventory.request(
      `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand } }`,
      { i: { productId: id, quantity: 1, unitCost: { amount: '1', currency: 'EUR' } } },
      sales,
    );
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const clerk = await inventory.request(
      `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand } }`,
      { i: { productId: id, quantity: 1, unitCost: { amount: '1', currency: 'EUR' } } },
      WAREHOUSE_CLERK,
    );
    expect(clerk.errors).toBeUndefined();
  });
});
