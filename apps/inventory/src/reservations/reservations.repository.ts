import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { defineRow, defineTable, int, oneOf, type Queryable, type RowOf, timestamptz, uuid } from '@platform/database';
import type { StockKey } from '../stock/stock.repository';
import { ReservationStatus } from './reservation.model';

export const reservationsTable = defineTable('reservations', 'r', {
  id: uuid(),
  productId: uuid(),
  warehouseId: uuid(),
  quantity: int(),
  orderLineId: uuid().nullable(),
  status: oneOf(ReservationStatus),
  expiresAt: timestamptz().nullable(),
  createdAt: timestamptz(),
});
export type ReservationRow = RowOf<typeof reservationsTable>;

const RETURNING = `RETURNING ${reservationsTable.columns}`;
const heldRow = defineRow('held', { productId: uuid(), warehouseId: uuid(), reserved: int() });
const lineHeldRow = defineRow('line held', { orderLineId: uuid(), quantity: int() });

/** All SQL of reservations. A state change is one conditional UPDATE, so it happens once whoever races it. */
@Injectable()
export class ReservationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertHoldIn(manager: EntityManager, key: StockKey, quantity: number, expiresInSeconds: number): Promise<ReservationRow> {
    const [row] = await reservationsTable.many(
      manager,
      `INSERT INTO reservations AS r (id, product_id, warehouse_id, quantity, status, expires_at)
       VALUES ($1, $2, $3, $4, 'open', now() + make_interval(secs => $5::int)) ${RETURNING}`,
      [randomUUID(), key.productId, key.warehouseId, quantity, expiresInSeconds],
    );
    return row;
  }

  /** Adds to the open reservation of an order line, opening one if it has none. */
  async holdForLineIn(manager: EntityManager, key: StockKey, orderLineId: string, quantity: number): Promise<void> {
    await manager.query(
      `INSERT INTO reservations AS r (id, product_id, warehouse_id, quantity, order_line_id, status)
       VALUES ($1, $2, $3, $4, $5, 'open')
       ON CONFLICT (order_line_id) WHERE status = 'open' DO UPDATE SET quantity = r.quantity + EXCLUDED.quantity`,
      [randomUUID(), key.productId, key.warehouseId, quantity, orderLineId],
    );
  }

  findIn(db: Queryable, id: string): Promise<ReservationRow | undefined> {
    return reservationsTable.one(db, `SELECT ${reservationsTable.columns} FROM reservations r WHERE r.id = $1`, [id]);
  }

  confirmIn(manager: EntityManager, id: string): Promise<ReservationRow | undefined> {
    return reservationsTable.one(
      manager,
      `UPDATE reservations AS r SET expires_at = NULL WHERE r.id = $1 AND r.status = 'open' AND r.order_line_id IS NULL ${RETURNING}`,
      [id],
    );
  }

  /** Closes an open hold as released, or as expired when `dueOnly` and its time has come; undefined when it was not open (or not due). */
  closeIn(manager: EntityManager, id: string, status: ReservationStatus.RELEASED | ReservationStatus.EXPIRED): Promise<ReservationRow | undefined> {
    const due = status === ReservationStatus.EXPIRED ? `AND r.expires_at <= now()` : '';
    return reservationsTable.one(
      manager,
      `UPDATE reservations AS r SET status = $2, closed_at = now() WHERE r.id = $1 AND r.status = 'open' ${due} ${RETURNING}`,
      [id, status],
    );
  }

  /** Takes `quantity` shipped units off a line's open reservation (closing it as consumed at zero); false when it holds fewer. */
  async consumeForLineIn(manager: EntityManager, orderLineId: string, quantity: number): Promise<boolean> {
    const row = await reservationsTable.one(
      manager,
      `UPDATE reservations AS r SET quantity = r.quantity - $2,
              status = CASE WHEN r.quantity = $2 THEN 'consumed' ELSE 'open' END,
              closed_at = CASE WHEN r.quantity = $2 THEN now() END
        WHERE r.order_line_id = $1 AND r.status = 'open' AND r.quantity >= $2 ${RETURNING}`,
      [orderLineId, quantity],
    );
    return !!row;
  }

  /** Releases the open reservations of order lines; answers what each held. */
  releaseForLinesIn(manager: EntityManager, orderLineIds: readonly string[]): Promise<ReservationRow[]> {
    if (!orderLineIds.length) return Promise.resolve([]);
    return reservationsTable.many(
      manager,
      `UPDATE reservations AS r SET status = 'released', closed_at = now() WHERE r.order_line_id = ANY($1::uuid[]) AND r.status = 'open' ${RETURNING}`,
      [[...orderLineIds]],
    );
  }

  /** Units held per order line (lines without an open reservation are left out). */
  heldForLines(orderLineIds: readonly string[], db: Queryable = this.dataSource) {
    if (!orderLineIds.length) return Promise.resolve([]);
    return lineHeldRow.many(db, `SELECT order_line_id AS "orderLineId", quantity FROM reservations WHERE order_line_id = ANY($1::uuid[]) AND status = 'open'`, [
      [...orderLineIds],
    ]);
  }

  /** Open holds whose time has come, oldest due first. */
  async dueIds(limit: number): Promise<string[]> {
    const rows = await defineRow('due', { id: uuid() }).many(
      this.dataSource,
      `SELECT id FROM reservations WHERE status = 'open' AND expires_at IS NOT NULL AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** For the consistency check: open units per product and warehouse, and per order line. */
  async openTotalsIn(manager: EntityManager) {
    return {
      held: await heldRow.many(
        manager,
        `SELECT product_id AS "productId", warehouse_id AS "warehouseId", sum(quantity)::int AS reserved FROM reservations WHERE status = 'open' GROUP BY 1, 2`,
      ),
      lines: await lineHeldRow.many(
        manager,
        `SELECT order_line_id AS "orderLineId", quantity FROM reservations WHERE status = 'open' AND order_line_id IS NOT NULL`,
      ),
    };
  }
}
