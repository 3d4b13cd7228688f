import fc from 'fast-check';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { dealDelivery, dealWon, inventoryClient } from '../testing/fixtures';

/** One step of a random history: which product (0 or 1), which warehouse (0 or 1), how many, which earlier hold or order. */
type Step =
  | { kind: 'receive'; p: number; w: number; n: number; cost: number }
  | { kind: 'adjust'; p: number; w: number; n: number }
  | { kind: 'transfer'; p: number; w: number; n: number }
  | { kind: 'hold'; p: number; w: number; n: number }
  | { kind: 'release'; pick: number }
  | { kind: 'order'; lines: { p: number; n: number }[] }
  | { kind: 'ship'; pick: number; part: boolean }
  | { kind: 'cancel'; pick: number };

const p = fc.integer({ min: 0, max: 1 });
const w = fc.integer({ min: 0, max: 1 });
const n = fc.integer({ min: 1, max: 5 });
const pick = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), p, w, n, cost: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('adjust' as const), p, w, n: fc.integer({ min: -4, max: 4 }).filter((x) => x !== 0) }),
  fc.record({ kind: fc.constant('transfer' as const), p, w, n }),
  fc.record({ kind: fc.constant('hold' as const), p, w, n }),
  fc.record({ kind: fc.constant('release' as const), pick }),
  fc.record({ kind: fc.constant('order' as const), lines: fc.array(fc.record({ p, n }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant('ship' as const), pick, part: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), pick }),
);

/** Refusals a random history may meet; anything else (INTERNAL_SERVER_ERROR above all) fails the property. */
const EXPECTED_REFUSALS = new Set(['INSUFFICIENT_STOCK', 'ILLEGAL_ORDER_TRANSITION', 'RESERVATION_CLOSED']);

describe('inventory stock consistency under random histories (real Postgres, fast-check)', () => {
  let inventory: TestSubgraph;
  let client: ReturnType<typeof inventoryClient>;
  let deliver: ReturnType<typeof dealDelivery>;
  let warehouses: string[];

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    client = inventoryClient(inventory);
    deliver = dealDelivery(inventory);
    await client.ok(`mutation { createWarehouse(input: { code: "PROP-2", name: "Second" }) { id } }`);
    const { warehouses: page } = await client.ok<{ warehouses: { nodes: { id: string; isDefault: boolean }[] } }>(`{ warehouses { nodes { id isDefault } } }`);
    // The default warehouse first: orders from deals reserve there.
    warehouses = page.nodes.sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((x) => x.id);
  });
  afterAll(() => inventory?.close());

  const attempt = async (query: string, variables: Record<string, unknown>) => {
    const result = await inventory.request<Record<string, { id?: string }>>(query, variables);
    const code = result.errors?.[0].extensions?.code;
    if (code && !EXPECTED_REFUSALS.has(String(code))) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
    return result.data;
  };

  it('keeps ledger, stock rows, open reservations and order lines in agreement, with no quantity negative', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        const products = [await client.product(), await client.product()];
        const holds: string[] = [];
        const orders: string[] = [];
        for (const s of steps) {
          switch (s.kind) {
            case 'receive':
              await client.receive(products[s.p], s.n, (s.cost / 100).toFixed(2), warehouses[s.w]);
              break;
            case 'adjust':
              await attempt(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, {
                i: { productId: products[s.p], warehouseId: warehouses[s.w], quantity: s.n, reason: 'count' },
              });
              break;
            case 'transfer':
              await attempt(`mutation($i: TransferStockInput!) { transferStock(input: $i) { onHand } }`, {
                i: { productId: products[s.p], fromWarehouseId: warehouses[s.w], toWarehouseId: warehouses[1 - s.w], quantity: s.n },
              });
              break;
            case 'hold': {
              const data = await attempt(`mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`, {
                i: { productId: products[s.p], warehouseId: warehouses[s.w], quantity: s.n },
              });
              if (data?.reserveStock?.id) holds.push(data.reserveStock.id);
              break;
            }
            case 'release':
              if (holds.length) await attempt(`mutation($id: ID!) { releaseReservation(id: $id) { id } }`, { id: holds[s.pick % holds.length] });
              break;
            case 'order': {
              const won = dealWon(s.lines.map((l) => ({ productId: products[l.p], quantity: l.n })));
              await deliver(won);
              orders.push((await inventory.dataSource.query(`SELECT id FROM sales_orders WHERE deal_id = $1`, [won.subject]))[0].id);
              break;
            }
            case 'ship': {
              if (!orders.length) break;
              const id = orders[s.pick % orders.length];
              const lines = s.part
                ? await inventory.dataSource.query(
                    `SELECT r.order_line_id AS "orderLineId", 1 AS quantity FROM reservations r JOIN sales_order_lines l ON l.id = r.order_line_id WHERE l.order_id = $1 AND r.status = 'open' LIMIT 1`,
                    [id],
                  )
                : null;
              await attempt(`mutation($id: ID!, $lines: [ShipLineInput!]) { shipSalesOrder(orderId: $id, lines: $lines) { status } }`, {
                id,
                lines: lines?.length ? lines : null,
              });
              break;
            }
            case 'cancel':
              if (orders.length)
                await attempt(`mutation($id: ID!) { cancelSalesOrder(orderId: $id, reason: "random") { status } }`, { id: orders[s.pick % orders.length] });
              break;
          }
        }
        const check = await client.check();
        expect(check.discrepancies).toEqual([]);
        for (const product of products) {
          const { available, stock } = await client.available(product);
          expect(available).toBeGreaterThanOrEqual(0);
          for (const level of stock) expect(Math.min(level.onHand, level.reserved, level.available)).toBeGreaterThanOrEqual(0);
        }
        // Backorders never wait while the units they need sit free in their warehouse.
        const starved = await client.scalar(
          `SELECT count(*) AS n FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
             JOIN stock_levels s ON s.product_id = l.product_id AND s.warehouse_id = o.warehouse_id
            WHERE o.status IN ('pending', 'partially_reserved') AND s.on_hand > s.reserved
              AND l.quantity - l.shipped_quantity > coalesce((SELECT sum(quantity) FROM reservations r WHERE r.order_line_id = l.id AND r.status = 'open'), 0)`,
        );
        expect(starved).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
