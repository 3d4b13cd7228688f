import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, defineRow, defineTable, int, oneOf, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';

export enum MovementKind {
  RECEIPT = 'receipt',
  SHIPMENT = 'shipment',
  ADJUSTMENT = 'adjustment',
  TRANSFER = 'transfer',
}

export const stockLevelsTable = defineTable('stock_levels', 's', {
  productId: uuid(),
  warehouseId: uuid(),
  onHand: int(),
  reserved: int(),
  averageCostMinor: bigintText(),
});
export type StockLevelRow = RowOf<typeof stockLevelsTable>;

export const movementsTable = defineTable('stock_movements', 'm', {
  id: uuid(),
  productId: uuid(),
  warehouseId: uuid(),
  kind: oneOf(MovementKind),
  quantity: int(),
  unitCostMinor: bigintText(),
  referenceId: uuid().nullable(),
  reason: text().nullable(),
  actor: text().nullable(),
  createdAt: timestamptz(),
});
export type MovementRow = RowOf<typeof movementsTable>;

export interface StockKey {
  productId: string;
  warehouseId: string;
}

export type NewMovement = Omit<MovementRow, 'id' | 'createdAt'>;

const availabilityRow = defineRow('availability', { productId: uuid(), sku: text(), available: int(), changedAt: timestamptz() });
const grantedRow = defineRow('reserved', { granted: int() });
const shippedRow = defineRow('shipped', { averageCostMinor: bigintText() });
const ledgerRow = defineRow('ledger totals', { productId: uuid(), warehouseId: uuid(), onHand: int() });

/** Sorted so that every transaction locks stock rows in one order (no deadlocks between them). */
const sortedKeys = (keys: readonly StockKey[]) =>
  [...new Map(keys.map((k) => [`${k.productId}/${k.warehouseId}`, k])).values()].sort((a, b) =>
    a.productId === b.productId ? a.warehouseId.localeCompare(b.warehouseId) : a.productId.localeCompare(b.productId),
  );

/** All SQL of stock levels and the movement ledger. */
@Injectable()
export class StockRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the missing rows of known products and locks them all, in one
   * order, until the caller commits. Keys of products that do not exist are
   * left out of the answer.
   */
  async lockIn(manager: EntityManager, keys: readonly StockKey[]): Promise<StockLevelRow[]> {
    const sorted = sortedKeys(keys);
    if (!sorted.length) return [];
    const products = sorted.map((k) => k.productId);
    const warehouses = sorted.map((k) => k.warehouseId);
    await manager.query(
      `INSERT INTO stock_levels (product_id, warehouse_id)
       SELECT k.product_id, k.warehouse_id FROM unnest($1::uuid[], $2::uuid[]) AS k(product_id, warehouse_id)
       JOIN products p ON p.id = k.product_id
       ORDER BY k.product_id, k.warehouse_id
       ON CONFLICT DO NOTHING`,
      [products, warehouses],
    );
    return stockLevelsTable.many(
      manager,
      `SELECT ${stockLevelsTable.columns} FROM stock_levels s
       JOIN unnest($1::uuid[], $2::uuid[]) AS k(product_id, warehouse_id) ON s.product_id = k.product_id AND s.warehouse_id = k.warehouse_id
       ORDER BY s.product_id, s.warehouse_id FOR UPDATE OF s`,
      [products, warehouses],
    );
  }

  /**
   * Reserves up to `quantity` (exactly `quantity` unless `partial`) in one
   * statement: the row lock taken by the UPDATE's own subquery makes a
   * concurrent reservation wait and then see this one's result. Answers how
   * many were reserved (0 when none could be).
   */
  async reserveIn(manager: EntityManager, key: StockKey, quantity: number, partial: boolean): Promise<number> {
    const row = await grantedRow.one(
      manager,
      `UPDATE stock_levels s SET reserved = s.reserved + least($3::int, l.available), updated_at = now()
         FROM (SELECT product_id, warehouse_id, on_hand - reserved AS available FROM stock_levels
                WHERE product_id = $1 AND warehouse_id = $2 FOR UPDATE) l
        WHERE s.product_id = l.product_id AND s.warehouse_id = l.warehouse_id
          AND l.available > 0 AND ($4 OR l.available >= $3::int)
      RETURNING least($3::int, l.available)::int AS granted`,
      [key.productId, key.warehouseId, quantity, partial],
    );
    return row?.granted ?? 0;
  }

  /** Gives back `quantity` reserved units; false when fewer are reserved (a bug the caller reports). */
  async releaseIn(manager: EntityManager, key: StockKey, quantity: number): Promise<boolean> {
    return this.changed(
      manager,
      `UPDATE stock_levels SET reserved = reserved - $3, updated_at = now() WHERE product_id = $1 AND warehouse_id = $2 AND reserved >= $3 RETURNING 1`,
      [key.productId, key.warehouseId, quantity],
    );
  }

  /** Reserved units leave: on hand and reserved both fall. Answers the unit cost they leave at, or undefined when fewer are reserved. */
  async shipIn(manager: EntityManager, key: StockKey, quantity: number): Promise<string | undefined> {
    const row = await shippedRow.one(
      manager,
      `UPDATE stock_levels s SET on_hand = s.on_hand - $3, reserved = s.reserved - $3, updated_at = now()
        WHERE s.product_id = $1 AND s.warehouse_id = $2 AND s.reserved >= $3 RETURNING s.average_cost_minor AS "averageCostMinor"`,
      [key.productId, key.warehouseId, quantity],
    );
    return row?.averageCostMinor;
  }

  /** Unreserved units leave (an adjustment down, a transfer out); false when fewer are free. */
  async removeIn(manager: EntityManager, key: StockKey, quantity: number): Promise<boolean> {
    return this.changed(
      manager,
      `UPDATE stock_levels SET on_hand = on_hand - $3, updated_at = now() WHERE product_id = $1 AND warehouse_id = $2 AND on_hand - reserved >= $3 RETURNING 1`,
      [key.productId, key.warehouseId, quantity],
    );
  }

  /** Units arrive at a new moving-average cost (computed by the caller under the row's lock). */
  async addIn(manager: EntityManager, key: StockKey, quantity: number, averageCostMinor: bigint): Promise<void> {
    const done = await this.changed(
      manager,
      `UPDATE stock_levels SET on_hand = on_hand + $3, average_cost_minor = $4, updated_at = now() WHERE product_id = $1 AND warehouse_id = $2 RETURNING 1`,
      [key.productId, key.warehouseId, quantity, averageCostMinor.toString()],
    );
    if (!done) throw new Error(`stock row ${key.productId}/${key.warehouseId} must be locked before stock is added`);
  }

  async insertMovementIn(manager: EntityManager, movement: NewMovement): Promise<MovementRow> {
    const [row] = await movementsTable.many(
      manager,
      `INSERT INTO stock_movements AS m (id, product_id, warehouse_id, kind, quantity, unit_cost_minor, reference_id, reason, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${movementsTable.columns}`,
      [
        randomUUID(),
        movement.productId,
        movement.warehouseId,
        movement.kind,
        movement.quantity,
        movement.unitCostMinor,
        movement.referenceId,
        movement.reason,
        movement.actor,
      ],
    );
    return row;
  }

  /** Each product's sellable quantity over all warehouses, timed by the clock at the moment of reading (under the caller's locks). */
  availabilityIn(manager: EntityManager, productIds: readonly string[]) {
    return availabilityRow.many(
      manager,
      `SELECT p.id AS "productId", p.sku, coalesce(sum(s.on_hand - s.reserved), 0)::int AS available, clock_timestamp() AS "changedAt"
         FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id
        WHERE p.id = ANY($1::uuid[]) GROUP BY p.id ORDER BY p.id`,
      [[...new Set(productIds)]],
    );
  }

  levelsOf(productIds: readonly string[]): Promise<StockLevelRow[]> {
    return stockLevelsTable.many(
      this.dataSource,
      `SELECT ${stockLevelsTable.columns} FROM stock_levels s WHERE s.product_id = ANY($1::uuid[]) ORDER BY s.product_id, s.warehouse_id`,
      [[...new Set(productIds)]],
    );
  }

  levelIn(db: Queryable, key: StockKey): Promise<StockLevelRow | undefined> {
    return stockLevelsTable.one(db, `SELECT ${stockLevelsTable.columns} FROM stock_levels s WHERE s.product_id = $1 AND s.warehouse_id = $2`, [
      key.productId,
      key.warehouseId,
    ]);
  }

  /** Newest first, keyset-paginated on (created_at, id); one product's when given. */
  async movements(first: number, after: string | null | undefined, productId: string | null | undefined): Promise<Page<MovementRow>> {
    const { sql, parameters } = this.movementsStatement(first, after, productId);
    return toPage(await movementsTable.many(this.dataSource, sql, parameters), first);
  }

  /** The statement movements() runs (exposed so its plan can be checked). */
  movementsStatement(first: number, after: string | null | undefined, productId: string | null | undefined): { sql: string; parameters: unknown[] } {
    const parameters: unknown[] = [first + 1];
    const where: string[] = [];
    if (productId) where.push(`m.product_id = $${parameters.push(productId)}`);
    if (after) {
      const { at, id } = decodeCursor(after);
      where.push(`(m.created_at, m.id) < ($${parameters.push(at)}::timestamptz, $${parameters.push(id)}::uuid)`);
    }
    const sql = `SELECT ${movementsTable.columns} FROM stock_movements m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.created_at DESC, m.id DESC LIMIT $1`;
    return { sql, parameters };
  }

  /** For the consistency check: every stock row, and what the ledger sums to per product and warehouse. */
  async snapshotIn(manager: EntityManager): Promise<{ levels: StockLevelRow[]; ledger: RowOf<typeof ledgerRow>[] }> {
    const levels = await stockLevelsTable.many(manager, `SELECT ${stockLevelsTable.columns} FROM stock_levels s`);
    const ledger = await ledgerRow.many(
      manager,
      `SELECT product_id AS "productId", warehouse_id AS "warehouseId", sum(quantity)::int AS "onHand" FROM stock_movements GROUP BY product_id, warehouse_id`,
    );
    return { levels, ledger };
  }

  /** Units shipped per reference (an order line) according to the ledger. */
  shippedByReferenceIn(manager: EntityManager) {
    return defineRow('shipped by reference', { referenceId: uuid(), shipped: int() }).many(
      manager,
      `SELECT reference_id AS "referenceId", (-sum(quantity))::int AS shipped FROM stock_movements WHERE kind = 'shipment' GROUP BY reference_id`,
    );
  }

  private async changed(manager: EntityManager, sql: string, parameters: unknown[]): Promise<boolean> {
    return returnedRows(await manager.query(sql, parameters)).length > 0;
  }
}
