import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, defineRow, defineTable, int, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import { SalesOrderStatus } from './sales-order.model';

export const salesOrdersTable = defineTable('sales_orders', 'o', {
  id: uuid(),
  customerId: uuid(),
  number: text(),
  status: oneOf(SalesOrderStatus),
  dealId: uuid().nullable(),
  warehouseId: uuid().nullable(),
  cancelReason: text().nullable(),
  createdAt: timestamptz(),
});
export type SalesOrderRow = RowOf<typeof salesOrdersTable>;

export const orderLinesTable = defineTable('sales_order_lines', 'l', {
  id: uuid(),
  orderId: uuid(),
  position: int(),
  productId: uuid(),
  description: text().nullable(),
  quantity: int(),
  shippedQuantity: int(),
  unitPriceMinor: bigintText(),
  currency: text(),
});
export type OrderLineRow = RowOf<typeof orderLinesTable>;

export interface NewOrderLine {
  productId: string;
  description: string | null;
  quantity: number;
  unitPriceMinor: string;
  currency: string;
}

const RETURNING = `RETURNING ${salesOrdersTable.columns}`;

export interface OrdersFilter {
  status?: SalesOrderStatus | null;
  customerId?: string | null;
}
const waitingRow = defineRow('waiting line', { orderId: uuid(), lineId: uuid() });

/** All SQL of sales orders and their lines. */
@Injectable()
export class SalesOrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The deal's order, unless it already has one (undefined then): one order per deal whatever the delivery count. */
  insertForDealIn(manager: EntityManager, order: { customerId: string; dealId: string; warehouseId: string }): Promise<SalesOrderRow | undefined> {
    return salesOrdersTable.one(
      manager,
      `INSERT INTO sales_orders AS o (id, customer_id, number, status, deal_id, warehouse_id)
       VALUES ($1, $2, 'SO-' || lpad(nextval('sales_order_numbers')::text, 6, '0'), 'pending', $3, $4)
       ON CONFLICT (deal_id) WHERE deal_id IS NOT NULL DO NOTHING ${RETURNING}`,
      [randomUUID(), order.customerId, order.dealId, order.warehouseId],
    );
  }

  async insertLinesIn(manager: EntityManager, orderId: string, lines: readonly NewOrderLine[]): Promise<OrderLineRow[]> {
    if (!lines.length) return [];
    return orderLinesTable.many(
      manager,
      `INSERT INTO sales_order_lines AS l (id, order_id, position, product_id, description, quantity, unit_price_minor, currency)
       SELECT gen_random_uuid(), $1, n.ord - 1, n.product_id, n.description, n.quantity, n.unit_price, n.currency
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[], $6::text[]) WITH ORDINALITY AS n(product_id, description, quantity, unit_price, currency, ord)
       RETURNING ${orderLinesTable.columns}`,
      [
        orderId,
        lines.map((l) => l.productId),
        lines.map((l) => l.description),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceMinor),
        lines.map((l) => l.currency),
      ],
    );
  }

  findIn(db: Queryable, id: string): Promise<SalesOrderRow | undefined> {
    return salesOrdersTable.one(db, `SELECT ${salesOrdersTable.columns} FROM sales_orders o WHERE o.id = $1`, [id]);
  }

  findByDealIn(db: Queryable, dealId: string): Promise<SalesOrderRow | undefined> {
    return salesOrdersTable.one(db, `SELECT ${salesOrdersTable.columns} FROM sales_orders o WHERE o.deal_id = $1`, [dealId]);
  }

  /** The order, locked until the caller commits: ships, cancellations and backorder fills of one order take turns. */
  lockIn(manager: EntityManager, id: string): Promise<SalesOrderRow | undefined> {
    return salesOrdersTable.one(manager, `SELECT ${salesOrdersTable.columns} FROM sales_orders o WHERE o.id = $1 FOR UPDATE`, [id]);
  }

  async setStatusIn(manager: EntityManager, id: string, status: SalesOrderStatus, cancelReason: string | null = null): Promise<SalesOrderRow> {
    const row = await salesOrdersTable.one(
      manager,
      `UPDATE sales_orders AS o SET status = $2, cancel_reason = coalesce($3, o.cancel_reason), updated_at = now() WHERE o.id = $1 ${RETURNING}`,
      [id, status, cancelReason],
    );
    if (!row) throw new Error(`sales order ${id} vanished under its lock`);
    return row;
  }

  async addShippedIn(manager: EntityManager, lineId: string, quantity: number): Promise<void> {
    await manager.query(`UPDATE sales_order_lines SET shipped_quantity = shipped_quantity + $2 WHERE id = $1`, [lineId, quantity]);
  }

  linesOf(orderIds: readonly string[], db: Queryable = this.dataSource): Promise<OrderLineRow[]> {
    if (!orderIds.length) return Promise.resolve([]);
    return orderLinesTable.many(
      db,
      `SELECT ${orderLinesTable.columns} FROM sales_order_lines l WHERE l.order_id = ANY($1::uuid[]) ORDER BY l.order_id, l.position`,
      [[...new Set(orderIds)]],
    );
  }

  /**
   * Lines of live orders in the warehouse that still have units to ship of
   * the product, oldest order first: the candidates for a backorder fill.
   */
  waitingLinesIn(manager: EntityManager, productId: string, warehouseId: string) {
    return waitingRow.many(
      manager,
      `SELECT l.order_id AS "orderId", l.id AS "lineId" FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
        WHERE l.product_id = $1 AND l.shipped_quantity < l.quantity AND o.warehouse_id = $2
          AND o.status IN ('pending', 'partially_reserved', 'partially_shipped')
        ORDER BY o.created_at, o.id, l.position`,
      [productId, warehouseId],
    );
  }

  /** For the consistency check: every line with what it shipped. */
  allLinesIn(manager: EntityManager) {
    return defineRow('line figures', { id: uuid(), productId: uuid(), quantity: int(), shippedQuantity: int(), status: text() }).many(
      manager,
      `SELECT l.id, l.product_id AS "productId", l.quantity, l.shipped_quantity AS "shippedQuantity", o.status
         FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id`,
    );
  }

  /** The newest `limit` orders of each customer, one statement for the whole batch. */
  latestByCustomer(customerIds: readonly string[], limit: number): Promise<SalesOrderRow[]> {
    return salesOrdersTable.many(
      this.dataSource,
      `SELECT * FROM (
         SELECT ${salesOrdersTable.columns}, (row_number() OVER (PARTITION BY o.customer_id ORDER BY o.created_at DESC, o.id DESC))::int AS rank
           FROM sales_orders o WHERE o.customer_id = ANY($1::uuid[])
       ) ranked WHERE rank <= $2 ORDER BY "customerId", "createdAt" DESC, id DESC`,
      [[...new Set(customerIds)], limit],
    );
  }

  /** Oldest first, keyset-paginated on (created_at, id), filtered by status and customer when given. */
  async list(first: number, after: string | null | undefined, filter: OrdersFilter): Promise<Page<SalesOrderRow>> {
    const { sql, parameters } = this.listStatement(first, after, filter);
    return toPage(await salesOrdersTable.many(this.dataSource, sql, parameters), first);
  }

  /** The statement list() runs (exposed so its plan can be checked). */
  listStatement(first: number, after: string | null | undefined, filter: OrdersFilter): { sql: string; parameters: unknown[] } {
    const parameters: unknown[] = [first + 1];
    const where: string[] = [];
    if (filter.status) where.push(`o.status = $${parameters.push(filter.status)}`);
    if (filter.customerId) where.push(`o.customer_id = $${parameters.push(filter.customerId)}`);
    if (after) {
      const { at, id } = decodeCursor(after);
      where.push(`(o.created_at, o.id) > ($${parameters.push(at)}::timestamptz, $${parameters.push(id)}::uuid)`);
    }
    const sql = `SELECT ${salesOrdersTable.columns} FROM sales_orders o ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.created_at, o.id LIMIT $1`;
    return { sql, parameters };
  }
}
