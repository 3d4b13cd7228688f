import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, defineTable, int, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import { PurchaseOrderStatus } from './purchase-order.model';

export const suppliersTable = defineTable('suppliers', 'sp', { id: uuid(), name: text(), createdAt: timestamptz() });
export type SupplierRow = RowOf<typeof suppliersTable>;

export const purchaseOrdersTable = defineTable('purchase_orders', 'po', {
  id: uuid(),
  number: text(),
  supplierId: uuid(),
  warehouseId: uuid(),
  status: oneOf(PurchaseOrderStatus),
  reorderRuleId: uuid().nullable(),
  createdAt: timestamptz(),
});
export type PurchaseOrderRow = RowOf<typeof purchaseOrdersTable>;

export const purchaseLinesTable = defineTable('purchase_order_lines', 'pl', {
  id: uuid(),
  purchaseOrderId: uuid(),
  productId: uuid(),
  quantity: int(),
  receivedQuantity: int(),
  unitCostMinor: bigintText(),
  currency: text(),
});
export type PurchaseLineRow = RowOf<typeof purchaseLinesTable>;

export const reorderRulesTable = defineTable('reorder_rules', 'rr', {
  id: uuid(),
  productId: uuid(),
  warehouseId: uuid(),
  supplierId: uuid(),
  minimum: int(),
  maximum: int(),
});
export type ReorderRuleRow = RowOf<typeof reorderRulesTable>;

export interface NewPurchaseLine {
  productId: string;
  quantity: number;
  unitCostMinor: string;
  currency: string;
}

/** All SQL of suppliers, purchase orders and reorder rules. */
@Injectable()
export class PurchasingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertSupplierIn(manager: EntityManager, name: string): Promise<SupplierRow> {
    const [row] = await suppliersTable.many(manager, `INSERT INTO suppliers AS sp (id, name) VALUES ($1, $2) RETURNING ${suppliersTable.columns}`, [
      randomUUID(),
      name,
    ]);
    return row;
  }

  suppliersByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<SupplierRow[]> {
    return suppliersTable.many(db, `SELECT ${suppliersTable.columns} FROM suppliers sp WHERE sp.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  async suppliers(first: number, after: string | null | undefined): Promise<Page<SupplierRow>> {
    const parameters: unknown[] = [first + 1];
    let where = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      where = `WHERE (sp.created_at, sp.id) > ($2::timestamptz, $3::uuid)`;
      parameters.push(at, id);
    }
    return toPage(
      await suppliersTable.many(
        this.dataSource,
        `SELECT ${suppliersTable.columns} FROM suppliers sp ${where} ORDER BY sp.created_at, sp.id LIMIT $1`,
        parameters,
      ),
      first,
    );
  }

  /**
   * A draft purchase order; with a reorder rule, undefined when the rule
   * already has an open one (the partial unique index decides, so two
   * racing reservations raise one).
   */
  insertOrderIn(
    manager: EntityManager,
    order: { supplierId: string; warehouseId: string; reorderRuleId: string | null },
  ): Promise<PurchaseOrderRow | undefined> {
    return purchaseOrdersTable.one(
      manager,
      `INSERT INTO purchase_orders AS po (id, number, supplier_id, warehouse_id, status, reorder_rule_id)
       VALUES ($1, 'PO-' || lpad(nextval('purchase_order_numbers')::text, 6, '0'), $2, $3, 'draft', $4)
       ON CONFLICT (reorder_rule_id) WHERE status IN ('draft', 'ordered', 'partially_received') DO NOTHING
       RETURNING ${purchaseOrdersTable.columns}`,
      [randomUUID(), order.supplierId, order.warehouseId, order.reorderRuleId],
    );
  }

  insertLinesIn(manager: EntityManager, purchaseOrderId: string, lines: readonly NewPurchaseLine[]): Promise<PurchaseLineRow[]> {
    return purchaseLinesTable.many(
      manager,
      `INSERT INTO purchase_order_lines AS pl (id, purchase_order_id, position, product_id, quantity, unit_cost_minor, currency)
       SELECT gen_random_uuid(), $1, n.ord - 1, n.product_id, n.quantity, n.unit_cost, n.currency
         FROM unnest($2::uuid[], $3::int[], $4::bigint[], $5::text[]) WITH ORDINALITY AS n(product_id, quantity, unit_cost, currency, ord)
       RETURNING ${purchaseLinesTable.columns}`,
      [purchaseOrderId, lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.unitCostMinor), lines.map((l) => l.currency)],
    );
  }

  findOrderIn(db: Queryable, id: string): Promise<PurchaseOrderRow | undefined> {
    return purchaseOrdersTable.one(db, `SELECT ${purchaseOrdersTable.columns} FROM purchase_orders po WHERE po.id = $1`, [id]);
  }

  lockOrderIn(manager: EntityManager, id: string): Promise<PurchaseOrderRow | undefined> {
    return purchaseOrdersTable.one(manager, `SELECT ${purchaseOrdersTable.columns} FROM purchase_orders po WHERE po.id = $1 FOR UPDATE`, [id]);
  }

  async setStatusIn(manager: EntityManager, id: string, status: PurchaseOrderStatus): Promise<PurchaseOrderRow> {
    const row = await purchaseOrdersTable.one(
      manager,
      `UPDATE purchase_orders AS po SET status = $2, updated_at = now() WHERE po.id = $1 RETURNING ${purchaseOrdersTable.columns}`,
      [id, status],
    );
    if (!row) throw new Error(`purchase order ${id} vanished under its lock`);
    return row;
  }

  async addReceivedIn(manager: EntityManager, lineId: string, quantity: number): Promise<void> {
    await manager.query(`UPDATE purchase_order_lines SET received_quantity = received_quantity + $2 WHERE id = $1`, [lineId, quantity]);
  }

  linesOf(orderIds: readonly string[], db: Queryable = this.dataSource): Promise<PurchaseLineRow[]> {
    return purchaseLinesTable.many(
      db,
      `SELECT ${purchaseLinesTable.columns} FROM purchase_order_lines pl WHERE pl.purchase_order_id = ANY($1::uuid[]) ORDER BY pl.purchase_order_id, pl.position`,
      [[...new Set(orderIds)]],
    );
  }

  async orders(first: number, after: string | null | undefined, status: PurchaseOrderStatus | null | undefined): Promise<Page<PurchaseOrderRow>> {
    const parameters: unknown[] = [first + 1];
    const where: string[] = [];
    if (status) where.push(`po.status = $${parameters.push(status)}`);
    if (after) {
      const { at, id } = decodeCursor(after);
      where.push(`(po.created_at, po.id) > ($${parameters.push(at)}::timestamptz, $${parameters.push(id)}::uuid)`);
    }
    const rows = await purchaseOrdersTable.many(
      this.dataSource,
      `SELECT ${purchaseOrdersTable.columns} FROM purchase_orders po ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY po.created_at, po.id LIMIT $1`,
      parameters,
    );
    return toPage(rows, first);
  }

  async upsertRuleIn(manager: EntityManager, rule: Omit<ReorderRuleRow, 'id'>): Promise<ReorderRuleRow> {
    const [row] = await reorderRulesTable.many(
      manager,
      `INSERT INTO reorder_rules AS rr (id, product_id, warehouse_id, supplier_id, minimum, maximum) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET supplier_id = EXCLUDED.supplier_id, minimum = EXCLUDED.minimum, maximum = EXCLUDED.maximum
       RETURNING ${reorderRulesTable.columns}`,
      [randomUUID(), rule.productId, rule.warehouseId, rule.supplierId, rule.minimum, rule.maximum],
    );
    return row;
  }

  ruleIn(db: Queryable, productId: string, warehouseId: string): Promise<ReorderRuleRow | undefined> {
    return reorderRulesTable.one(db, `SELECT ${reorderRulesTable.columns} FROM reorder_rules rr WHERE rr.product_id = $1 AND rr.warehouse_id = $2`, [
      productId,
      warehouseId,
    ]);
  }
}
