import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, notFound } from '@platform/graphql';
import { ProductsService } from '../products/products.service';
import { InventoryErrorCode } from '../shared/inventory-error-codes';
import { insufficientStock, StockService } from '../stock/stock.service';
import type { StockKey } from '../stock/stock.repository';
import { WarehousesService } from '../warehouses/warehouses.service';
import { type Reservation, ReservationStatus } from './reservation.model';
import { type ReservationRow, ReservationsRepository } from './reservations.repository';

const closed = (row: ReservationRow) =>
  new DomainError(InventoryErrorCode.ReservationClosed, `Reservation ${row.id} is ${row.status}; only an open reservation can change`, {
    reservationId: row.id,
    status: row.status.toUpperCase(),
  });

/**
 * Reservations: holds (all or nothing, released by themselves unless
 * confirmed) and order lines' reservations. Every change of what is held
 * moves stock_levels.reserved in the same transaction, after the stock row's
 * lock: stock rows are always locked before reservations and orders.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReservationsRepository,
    private readonly stock: StockService,
    private readonly products: ProductsService,
    private readonly warehouses: WarehousesService,
  ) {}

  /** Holds exactly `quantity` units or nothing (INSUFFICIENT_STOCK with what is available), until it expires unless confirmed. */
  async reserve(input: { productId: string; warehouseId?: string | null; quantity: number; expiresInSeconds: number }): Promise<Reservation> {
    return this.dataSource.transaction(async (manager) => {
      const product = await this.products.activeIn(manager, input.productId);
      const key = { productId: product.id, warehouseId: (await this.warehouses.resolveIn(manager, input.warehouseId)).id };
      // The hold's row first: the stock row's lock, taken by the reservation, is then held for as few statements as possible.
      const row = await this.repository.insertHoldIn(manager, key, input.quantity, input.expiresInSeconds);
      if ((await this.stock.reserveIn(manager, key, input.quantity, false)) === 0) {
        const level = await this.stock.levelIn(manager, key);
        throw insufficientStock(key, input.quantity, level.onHand - level.reserved);
      }
      await this.stock.emitAvailabilityIn(manager, [key.productId]);
      return row;
    });
  }

  /** An unconfirmed hold stays until released. Confirming twice is harmless. */
  async confirm(id: string): Promise<Reservation> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.confirmIn(manager, id);
      if (row) return row;
      const existing = await this.repository.findIn(manager, id);
      if (!existing || existing.orderLineId) throw notFound('Reservation', id);
      throw closed(existing);
    });
  }

  /** Gives a hold's units back (backorders may take them at once). */
  async release(id: string): Promise<Reservation> {
    const row = await this.close(id, ReservationStatus.RELEASED);
    if ('refusal' in row) throw row.refusal;
    return row.reservation;
  }

  /** Expires holds whose time has come, each in its own transaction; answers how many it expired. */
  async expireDue(limit = 100): Promise<number> {
    let expired = 0;
    for (const id of await this.repository.dueIds(limit)) {
      const result = await this.close(id, ReservationStatus.EXPIRED);
      if (!('refusal' in result)) expired++;
    }
    return expired;
  }

  /** Closes a hold once: the conditional UPDATE lets one of several racers (a release, the scheduler) win. */
  private async close(
    id: string,
    status: ReservationStatus.RELEASED | ReservationStatus.EXPIRED,
  ): Promise<{ reservation: Reservation } | { refusal: DomainError }> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findIn(manager, id);
      if (!existing || existing.orderLineId) return { refusal: notFound('Reservation', id) };
      const key = { productId: existing.productId, warehouseId: existing.warehouseId };
      await this.stock.lockIn(manager, [key]);
      const row = await this.repository.closeIn(manager, id, status);
      if (!row) return { refusal: closed({ ...existing, status: (await this.repository.findIn(manager, id))?.status ?? existing.status }) };
      await this.stock.releaseIn(manager, key, row.quantity);
      await this.stock.emitAvailabilityIn(manager, [key.productId]);
      return { reservation: row };
    });
  }

  /** For an order line, in the caller's transaction (stock row locked): reserves what it can of `quantity`; answers how many. */
  async reserveForLineIn(manager: EntityManager, key: StockKey, orderLineId: string, quantity: number): Promise<number> {
    const granted = await this.stock.reserveIn(manager, key, quantity, true);
    if (granted > 0) await this.repository.holdForLineIn(manager, key, orderLineId, granted);
    return granted;
  }

  /** Shipped units leave the line's reservation and the stock; answers their unit cost. False-y refusal is the caller's rule to check first. */
  async shipForLineIn(manager: EntityManager, key: StockKey, orderLineId: string, quantity: number, actor: string | null): Promise<bigint> {
    if (!(await this.repository.consumeForLineIn(manager, orderLineId, quantity))) {
      throw new Error(`order line ${orderLineId}: shipping ${quantity} units it does not hold`);
    }
    return this.stock.shipIn(manager, key, quantity, orderLineId, actor);
  }

  /** Releases what order lines hold (a cancellation); answers the units released per product. */
  async releaseForLinesIn(manager: EntityManager, orderLineIds: readonly string[]): Promise<{ productId: string; warehouseId: string; quantity: number }[]> {
    const rows = await this.repository.releaseForLinesIn(manager, orderLineIds);
    for (const row of rows) await this.stock.releaseIn(manager, { productId: row.productId, warehouseId: row.warehouseId }, row.quantity);
    return rows.map((r) => ({ productId: r.productId, warehouseId: r.warehouseId, quantity: r.quantity }));
  }

  heldForLines(orderLineIds: readonly string[], manager?: EntityManager) {
    return this.repository.heldForLines(orderLineIds, manager);
  }
}
