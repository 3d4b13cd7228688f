import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { dealDelivery, dealWon, inventoryClient } from '../testing/fixtures';

const CREATE = `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id number status lines { id quantity received unitCost { amount } product { id } } } }`;
const PLACE = `mutation($id: ID!) { placePurchaseOrder(id: $id) { status } }`;
const RECEIVE = `mutation($id: ID!, $lines: [ReceiveLineInput!]) { receivePurchaseOrder(purchaseOrderId: $id, lines: $lines) { status lines { received } } }`;

interface Created {
  createPurchaseOrder: { id: string; number: string; status: string; lines: { id: string; quantity: number; product: { id: string } }[] };
}

describe('inventory purchase orders and reorder rules (real Postgres)', () => {
  let inventory: TestSubgraph;
  let client: ReturnType<typeof inventoryClient>;
  let supplierId: string;

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    client = inventoryClient(inventory);
    supplierId = (await client.ok<{ createSupplier: { id: string } }>(`mutation { createSupplier(input: { name: "Acme Supplies" }) { id } }`)).createSupplier
      .id;
  });
  afterAll(() => inventory?.close());

  const events = async (type: string, subject: string) =>
    (
      await inventory.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE envelope->>'type' = $1 AND key = $2 ORDER BY id`, [type, subject])
    ).map((r: { data: Record<string, unknown> }) => r.data);

  it('raises, places and receives a purchase order in parts at its prices; the receipt fills a waiting backorder', async () => {
    const product = await client.product(2, '10.00');
    const won = dealWon([{ productId: product, quantity: 4 }]);
    await dealDelivery(inventory)(won);
    const { createPurchaseOrder: po } = await client.ok<Created>(CREATE, {
      i: { supplierId, lines: [{ productId: product, quantity: 6, unitCost: { amount: '16.00', currency: 'EUR' } }] },
    });
    expect(po.status).toBe('DRAFT');
    expect(po.lines).toEqual([{ id: expect.any(String), quantity: 6, received: 0, unitCost: { amount: '16.00' }, product: { id: product } }]);
    expect(await events('inventory.purchase-order.raised', po.id)).toEqual([
      expect.objectContaining({
        purchaseOrderNumber: po.number,
        supplier: { id: supplierId, name: 'Acme Supplies' },
        reorderRuleId: null,
        lines: [expect.objectContaining({ quantity: 6, unitCost: { amount: '16.00', currency: 'EUR' } })],
      }),
    ]);
    const early = await inventory.request(RECEIVE, { id: po.id });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_PURCHASE_ORDER_TRANSITION', status: 'DRAFT' });
    expect((await client.ok<{ placePurchaseOrder: { status: string } }>(PLACE, { id: po.id })).placePurchaseOrder.status).toBe('ORDERED');
    expect((await inventory.request(PLACE, { id: po.id })).errors?.[0].extensions?.code).toBe('ILLEGAL_PURCHASE_ORDER_TRANSITION');
    const part = await client.ok<{ receivePurchaseOrder: { status: string } }>(RECEIVE, { id: po.id, lines: [{ lineId: po.lines[0].id, quantity: 2 }] });
    expect(part.receivePurchaseOrder.status).toBe('PARTIALLY_RECEIVED');
    const [order] = await inventory.dataSource.query(`SELECT status FROM sales_orders WHERE deal_id = $1`, [won.subject]);
    expect(order.status).toBe('reserved');
    const before = await client.footprint();
    const tooMany = await inventory.request(RECEIVE, { id: po.id, lines: [{ lineId: po.lines[0].id, quantity: 5 }] });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_PURCHASE_ORDER_TRANSITION', outstanding: 4 });
    expect(await client.footprint()).toEqual(before);
    expect((await client.ok<{ receivePurchaseOrder: { status: string } }>(RECEIVE, { id: po.id })).receivePurchaseOrder.status).toBe('RECEIVED');
    const received = await events('inventory.purchase-order.received', po.id);
    expect(received.map((r: { complete: boolean; lines: { quantity: number }[] }) => [r.complete, r.lines[0].quantity])).toEqual([
      [false, 2],
      [true, 4],
    ]);
    // 2 at 10.00, then 2 + 4 at 16.00: (2×10 + 6×16) / 8 = 14.50
    const { product: seen } = await client.ok<{ product: { stock: { onHand: number; reserved: number; averageCost: { amount: string } }[] } }>(
      `query($id: ID!) { product(id: $id) { stock { onHand reserved averageCost { amount } } } }`,
      { id: product },
    );
    expect(seen.stock).toEqual([{ onHand: 8, reserved: 4, averageCost: { amount: '14.50' } }]);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('raises a draft purchase order when a loss takes available under the minimum', async () => {
    const product = await client.product(10);
    const { setReorderRule } = await client.ok<{ setReorderRule: { id: string } }>(`mutation($i: ReorderRuleInput!) { setReorderRule(input: $i) { id } }`, {
      i: { productId: product, supplierId, minimum: 5, maximum: 12 },
    });
    await client.ok(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, { i: { productId: product, quantity: -6, reason: 'flood' } });
    const [raised] = await inventory.dataSource.query(`SELECT id FROM purchase_orders WHERE reorder_rule_id = $1`, [setReorderRule.id]);
    expect(await events('inventory.purchase-order.raised', raised.id)).toEqual([
      expect.objectContaining({ lines: [expect.objectContaining({ quantity: 8 })] }),
    ]);
  });

  it('refuses a purchase line in another currency than its product, writing nothing', async () => {
    const product = await client.product();
    const before = await client.footprint();
    const refused = await inventory.request(CREATE, {
      i: { supplierId, lines: [{ productId: product, quantity: 1, unitCost: { amount: '1', currency: 'USD' } }] },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { 'lines.0.unitCost': ['must be in EUR'] } });
    expect(await client.footprint()).toEqual(before);
  });

  it('a burst of 50 concurrent reservations under the minimum raises exactly one draft purchase order', async () => {
    const product = await client.product(60, '2.00');
    const rule = await client.ok<{ setReorderRule: { id: string } }>(`mutation($i: ReorderRuleInput!) { setReorderRule(input: $i) { id minimum maximum } }`, {
      i: { productId: product, supplierId, minimum: 20, maximum: 100 },
    });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        inventory.request(`mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`, { i: { productId: product, quantity: 1 } }),
      ),
    );
    const raised = await inventory.dataSource.query(`SELECT id FROM purchase_orders WHERE reorder_rule_id = $1`, [rule.setReorderRule.id]);
    expect(raised).toHaveLength(1);
    const [event] = await events('inventory.purchase-order.raised', raised[0].id);
    // The reservation that first took available under 20 (to 19) raised it: 100 - 19.
    expect(event).toMatchObject({
      reorderRuleId: rule.setReorderRule.id,
      lines: [{ productId: product, quantity: 81, unitCost: { amount: '2.00', currency: 'EUR' } }],
    });
    // A loss that takes available under the minimum again raises nothing while that order is open.
    await client.ok(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, { i: { productId: product, quantity: -5, reason: 'breakage' } });
    expect(await inventory.dataSource.query(`SELECT id FROM purchase_orders WHERE reorder_rule_id = $1`, [rule.setReorderRule.id])).toHaveLength(1);
    const bad = await inventory.request(`mutation($i: ReorderRuleInput!) { setReorderRule(input: $i) { id } }`, {
      i: { productId: product, supplierId, minimum: 5, maximum: 5 },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
