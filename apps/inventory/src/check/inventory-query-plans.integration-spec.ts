import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { inventorySubgraph } from '../inventory.subgraph';
import { SalesOrderStatus } from '../orders/sales-order.model';
import { SalesOrdersRepository } from '../orders/sales-orders.repository';
import { StockRepository } from '../stock/stock.repository';

/** The plans of inventory's list statements on tables of some thousand rows: each filter and order is served by an index. */
describe('inventory list plans (real Postgres)', () => {
  let inventory: TestSubgraph;
  const customer = randomUUID();
  let product: string;

  beforeAll(async () => {
    inventory = await startTestSubgraph(inventorySubgraph);
    const db = inventory.dataSource;
    await db.query(
      `INSERT INTO sales_orders (id, customer_id, number, status, created_at)
       SELECT gen_random_uuid(), CASE WHEN i % 50 = 0 THEN $1::uuid ELSE gen_random_uuid() END, 'SO-P' || i,
              (ARRAY['pending', 'reserved', 'partially_reserved', 'partially_shipped', 'shipped', 'cancelled'])[1 + i % 6],
              date_trunc('milliseconds', now()) - make_interval(secs => i)
         FROM generate_series(1, 6000) i`,
      [customer],
    );
    [{ id: product }] = await db.query(
      `INSERT INTO products (id, sku, name, unit_of_measure, list_price_minor, currency, standard_cost_minor)
       SELECT gen_random_uuid(), 'PLAN-' || i, 'p', 'pcs', 1, 'EUR', 1 FROM generate_series(1, 50) i RETURNING id`,
    );
    await db.query(
      `INSERT INTO stock_movements (id, product_id, warehouse_id, kind, quantity, unit_cost_minor, created_at)
       SELECT gen_random_uuid(), p.id, (SELECT id FROM warehouses WHERE is_default), 'receipt', 1, 1, date_trunc('milliseconds', now()) - make_interval(secs => i)
         FROM products p, generate_series(1, 100) i`,
    );
    await db.query(`ANALYZE sales_orders`);
    await db.query(`ANALYZE stock_movements`);
  });
  afterAll(() => inventory?.close());

  const explain = async ({ sql, parameters }: { sql: string; parameters: unknown[] }) =>
    (await inventory.dataSource.query(`EXPLAIN ${sql}`, parameters)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const orders = () => inventory.app.get(SalesOrdersRepository);

  it('pages sales orders by creation from the (created_at, id) index', async () => {
    expect(await explain(orders().listStatement(20, null, {}))).toMatch(/Index Scan using sales_orders_created_idx/);
  });

  it('serves the status filter and its order from one index', async () => {
    expect(await explain(orders().listStatement(20, null, { status: SalesOrderStatus.SHIPPED }))).toMatch(/Index Scan using sales_orders_status_created_idx/);
  });

  it("serves a customer's orders from the customer index", async () => {
    expect(await explain(orders().listStatement(20, null, { customerId: customer }))).toMatch(/sales_orders_customer_created_idx/);
  });

  it("reads a product's movements, newest first, from the product index", async () => {
    expect(await explain(inventory.app.get(StockRepository).movementsStatement(20, null, product))).toMatch(
      /Index Scan Backward using stock_movements_product_idx/,
    );
  });
});
