import { randomUUID } from 'node:crypto';
import { createEnvelope, dealLostV1, dealWonV1, type EventData, eventOf } from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { dealDelivery, dealWon, inventoryClient } from '../testing/fixtures';

const ORDER = `query($id: ID!) { salesOrder(id: $id) { id number status dealId lines { id productId quantity shipped reserved backordered product { id } } } }`;
const SHIP = `mutation($id: ID!, $lines: [ShipLineInput!]) { shipSalesOrder(orderId: $id, lines: $lines) { status } }`;
const CANCEL = `mutation($id: ID!) { cancelSalesOrder(orderId: $id, reason: "customer changed their mind") { status } }`;

interface Line {
  id: string;
  productId: string;
  quantity: number;
  shipped: number;
  reserved: number;
  backordered: number;
}

describe('inventory sales orders from won deals (real Postgres)', () => {
  let inventory: TestSubgraph;
  let client: ReturnType<typeof inventoryClient>;
  let deliver: ReturnType<typeof dealDelivery>;

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    client = inventoryClient(inventory);
    deliver = dealDelivery(inventory);
  });
  afterAll(() => inventory?.close());

  const orderOfDeal = async (dealId: string) => {
    const [row] = await inventory.dataSource.query(`SELECT id FROM sales_orders WHERE deal_id = $1`, [dealId]);
    return (await client.ok<{ salesOrder: { id: string; number: string; status: string; lines: Line[] } }>(ORDER, { id: row.id })).salesOrder;
  };
  const eventsOf = async (subject: string) =>
    (await inventory.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 ORDER BY id`, [subject])).map(
      (r: { envelope: { type: string; version: number; data: Record<string, unknown> } }) => r.envelope,
    );

  it('turns a won deal into one order, however often the event (or another of the deal) arrives', async () => {
    const product = await client.product(10);
    const won = dealWon([{ productId: product, quantity: 4 }]);
    await deliver(won);
    await deliver(won);
    // Another envelope (a new event id) of the same deal: the inbox lets it through, the order's deal key does not.
    await deliver(createEnvelope('crm', eventOf(dealWonV1, won.subject, won.data as EventData<typeof dealWonV1>)));
    const order = await orderOfDeal(won.subject);
    expect(order).toMatchObject({ status: 'RESERVED', lines: [{ productId: product, quantity: 4, shipped: 0, reserved: 4, backordered: 0 }] });
    expect(await client.scalar(`SELECT count(*) AS n FROM sales_orders WHERE deal_id = $1`, [won.subject])).toBe(1);
    expect(await client.scalar(`SELECT count(*) AS n FROM reservations WHERE product_id = $1`, [product])).toBe(1);
    expect((await client.available(product)).available).toBe(6);
    expect((await eventsOf(order.id)).map((e: { type: string }) => e.type)).toEqual(['inventory.order.reserved']);
  });

  it('keeps a line of a product inventory does not know as a backorder, with no product in the graph', async () => {
    const known = await client.product(1);
    const unknown = randomUUID();
    const won = dealWon([
      { productId: known, quantity: 1 },
      { productId: unknown, quantity: 2 },
    ]);
    await deliver(won);
    const order = await orderOfDeal(won.subject);
    expect(order).toMatchObject({
      status: 'PARTIALLY_RESERVED',
      lines: [
        { productId: known, reserved: 1, backordered: 0, product: { id: known } },
        { productId: unknown, reserved: 0, backordered: 2, product: null },
      ],
    });
  });

  it('reserves what there is and backorders the rest; arriving stock fills backorders oldest order first', async () => {
    const product = await client.product(3);
    const older = dealWon([{ productId: product, quantity: 5 }]);
    const newer = dealWon([{ productId: product, quantity: 2 }]);
    await deliver(older);
    await deliver(newer);
    expect((await orderOfDeal(older.subject)).lines[0]).toMatchObject({ reserved: 3, backordered: 2 });
    expect(await orderOfDeal(newer.subject)).toMatchObject({ status: 'PENDING', lines: [{ reserved: 0, backordered: 2 }] });
    await client.receive(product, 3);
    expect(await orderOfDeal(older.subject)).toMatchObject({ status: 'RESERVED', lines: [{ reserved: 5, backordered: 0 }] });
    expect(await orderOfDeal(newer.subject)).toMatchObject({ status: 'PARTIALLY_RESERVED', lines: [{ reserved: 1, backordered: 1 }] });
    expect((await client.available(product)).available).toBe(0);
    const olderId = (await orderOfDeal(older.subject)).id;
    expect((await eventsOf(olderId)).map((e: { type: string }) => e.type)).toEqual(['inventory.order.backordered', 'inventory.order.reserved']);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('ships in part and in full at moving-average cost, emitting shipped v1 for crm and v2 with the lines for finance', async () => {
    const product = await client.product(4, '10.00');
    await client.receive(product, 4, '20.00');
    const won = dealWon([{ productId: product, quantity: 6 }]);
    await deliver(won);
    const order = await orderOfDeal(won.subject);
    expect(
      (await client.ok<{ shipSalesOrder: { status: string } }>(SHIP, { id: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] })).shipSalesOrder
        .status,
    ).toBe('PARTIALLY_SHIPPED');
    expect((await client.ok<{ shipSalesOrder: { status: string } }>(SHIP, { id: order.id })).shipSalesOrder.status).toBe('SHIPPED');
    expect(await client.available(product)).toEqual({ available: 2, stock: [{ onHand: 2, reserved: 0, available: 2 }] });
    const shipped = (await eventsOf(order.id)).filter((e: { type: string }) => e.type === 'inventory.order.shipped');
    expect(shipped.map((e: { version: number }) => e.version)).toEqual([1, 2, 1, 2]);
    expect(shipped[3].data).toMatchObject({
      orderId: order.id,
      dealId: won.subject,
      complete: true,
      lines: [{ orderLineId: order.lines[0].id, productId: product, quantity: 4, unitCost: { amount: '15.00', currency: 'EUR' } }],
    });
    expect(shipped[1].data).toMatchObject({ complete: false, lines: [{ quantity: 2 }] });
    expect(shipped[0].data.shipmentId).toBe(shipped[1].data.shipmentId);
    const movements = await inventory.dataSource.query(
      `SELECT kind, quantity, unit_cost_minor::int AS cost FROM stock_movements WHERE product_id = $1 ORDER BY created_at, id`,
      [product],
    );
    expect(movements.slice(2)).toEqual([
      { kind: 'shipment', quantity: -2, cost: 1500 },
      { kind: 'shipment', quantity: -4, cost: 1500 },
    ]);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('refuses to ship more than a line holds, or a final order, and writes nothing', async () => {
    const product = await client.product(1);
    const won = dealWon([{ productId: product, quantity: 3 }]);
    await deliver(won);
    const order = await orderOfDeal(won.subject);
    const before = await client.footprint();
    const tooMany = await inventory.request(SHIP, { id: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', reserved: 1 });
    const unknown = await inventory.request(SHIP, { id: randomUUID() });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await client.footprint()).toEqual(before);
    await client.ok(CANCEL, { id: order.id });
    const afterCancel = await client.footprint();
    const again = await inventory.request(CANCEL, { id: order.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', status: 'CANCELLED' });
    expect((await inventory.request(SHIP, { id: order.id })).errors?.[0].extensions?.code).toBe('ILLEGAL_ORDER_TRANSITION');
    expect(await client.footprint()).toEqual(afterCancel);
  });

  it('cancelling releases what the order held to the next waiting order, and a lost deal cancels its order', async () => {
    const product = await client.product(2);
    const first = dealWon([{ productId: product, quantity: 2 }]);
    const second = dealWon([{ productId: product, quantity: 2 }]);
    await deliver(first);
    await deliver(second);
    const lost = createEnvelope(
      'crm',
      eventOf(dealLostV1, first.subject, {
        dealId: first.subject,
        customerId: randomUUID(),
        amount: { amount: '1.00', currency: 'EUR' },
        reason: 'budget',
        lostAt: new Date().toISOString(),
      }),
    );
    await deliver(lost);
    await deliver(lost);
    const cancelled = await orderOfDeal(first.subject);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', lines: [{ reserved: 0, backordered: 0 }] });
    expect(await orderOfDeal(second.subject)).toMatchObject({ status: 'RESERVED', lines: [{ reserved: 2 }] });
    const types = (await eventsOf(cancelled.id)).map((e: { type: string }) => e.type);
    expect(types).toEqual(['inventory.order.reserved', 'inventory.order.cancelled']);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it('50 concurrent shipments and cancellations of one order leave it shipped or cancelled once, never both, with the stock in step', async () => {
    const product = await client.product(30);
    const won = dealWon([{ productId: product, quantity: 30 }]);
    await deliver(won);
    const order = await orderOfDeal(won.subject);
    const line = order.lines[0].id;
    const calls = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 4 ? inventory.request(CANCEL, { id: order.id }) : inventory.request(SHIP, { id: order.id, lines: [{ orderLineId: line, quantity: 1 }] }),
    );
    const results = await Promise.all(calls);
    const shipments = results.filter((r, i) => i % 5 !== 4 && !r.errors).length;
    const cancels = results.filter((r, i) => i % 5 === 4 && !r.errors).length;
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0].extensions?.code).toBe('ILLEGAL_ORDER_TRANSITION');
    expect(cancels).toBe(1);
    const after = await orderOfDeal(won.subject);
    expect(after).toMatchObject({ status: 'CANCELLED', lines: [{ shipped: shipments, reserved: 0 }] });
    expect(await client.available(product)).toEqual({ available: 30 - shipments, stock: [{ onHand: 30 - shipments, reserved: 0, available: 30 - shipments }] });
    const shippedEvents = (await eventsOf(order.id)).filter((e: { type: string; version: number }) => e.type === 'inventory.order.shipped' && e.version === 2);
    expect(shippedEvents).toHaveLength(shipments);
    expect(await client.check()).toMatchObject({ consistent: true });
  });

  it("lists orders, and a customer's newest orders through Customer.orders", async () => {
    const product = await client.product(5);
    const customer = randomUUID();
    await deliver(dealWon([{ productId: product, quantity: 1 }], randomUUID(), customer));
    await deliver(dealWon([{ productId: product, quantity: 1 }], randomUUID(), customer));
    const page = await client.ok<{ salesOrders: { nodes: { customerId: string }[] } }>(
      `query($c: ID) { salesOrders(first: 10, customerId: $c, status: RESERVED) { nodes { customerId } } }`,
      { c: customer },
    );
    expect(page.salesOrders.nodes).toHaveLength(2);
    const entities = await client.ok<{ _entities: { orders: { status: string }[] }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { orders(first: 1) { status } } } }`,
      { r: [{ __typename: 'Customer', id: customer }] },
    );
    expect(entities._entities[0].orders).toEqual([{ status: 'RESERVED' }]);
  });
});
