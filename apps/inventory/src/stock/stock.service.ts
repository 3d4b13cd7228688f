import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, DomainError, notFound } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ProductsService } from '../products/products.service';
import { InventoryErrorCode } from '../shared/inventory-error-codes';
import { costInCurrency, type MoneyValue } from '../shared/money';
import { WarehousesService } from '../warehouses/warehouses.service';
import { emitAdjusted, emitAvailability } from './stock-events';
import { movingAverage } from './stock-rules';
import { MovementKind, type MovementRow, type StockKey, type StockLevelRow, StockRepository } from './stock.repository';

/** Runs in the transaction of a stock change, after it: a backorder fill when units became free, a reorder check when fewer are available. */
export type StockListener = (manager: EntityManager, key: StockKey) => Promise<void>;

export const insufficientStock = (key: StockKey, wanted: number, available: number) =>
  new DomainError(InventoryErrorCode.InsufficientStock, `Only ${available} of the ${wanted} units asked for are available`, {
    productId: key.productId,
    warehouseId: key.warehouseId,
    available,
  });

/**
 * Stock levels and their ledger, kept in step: every change of on hand is a
 * movement written in the same transaction, and every change of reserved is
 * a reservation's (reservations area). Other areas call the ...In operations
 * inside their transaction.
 */
@Injectable()
export class StockService {
  private readonly freed: StockListener[] = [];
  private readonly depleted: StockListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StockRepository,
    private readonly products: ProductsService,
    private readonly warehouses: WarehousesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** Called once units of a product became free in a warehouse (arrival, release). */
  whenFreed(listener: StockListener): void {
    this.freed.push(listener);
  }

  /** Called after fewer units of a product are available in a warehouse: reserved, lost, or transferred out. */
  whenDepleted(listener: StockListener): void {
    this.depleted.push(listener);
  }

  /** A receipt without a purchase order: units arrive at `unitCost` (moving-average valuation). */
  async receive(input: { productId: string; warehouseId?: string | null; quantity: number; unitCost: MoneyValue }, actor?: Identity): Promise<StockLevelRow> {
    return this.dataSource.transaction(async (manager) => {
      const product = await this.products.activeIn(manager, input.productId);
      const key = { productId: product.id, warehouseId: (await this.warehouses.resolveIn(manager, input.warehouseId)).id };
      const cost = costInCurrency(input.unitCost, product.currency, 'unitCost');
      await this.arriveIn(manager, key, input.quantity, cost, { kind: MovementKind.RECEIPT, referenceId: null, reason: null, actor: actor?.sub ?? null });
      await this.emitAvailabilityIn(manager, [product.id]);
      await this.audit.record(manager, actor, 'receiveStock', product.id, { ...key, quantity: input.quantity, unitCost: input.unitCost });
      return this.levelIn(manager, key);
    });
  }

  /** A correction: units found (valued at the current average cost) or lost (only unreserved ones can be). */
  async adjust(input: { productId: string; warehouseId?: string | null; quantity: number; reason: string }, actor?: Identity): Promise<StockLevelRow> {
    if (input.quantity === 0) throw badUserInput('quantity must not be 0: an adjustment changes on hand', { quantity: ['must not be 0'] });
    return this.dataSource.transaction(async (manager) => {
      const [product] = await this.products.findIn(manager, [input.productId]);
      if (!product) throw notFound('Product', input.productId);
      const key = { productId: product.id, warehouseId: (await this.warehouses.resolveIn(manager, input.warehouseId)).id };
      const [level] = await this.repository.lockIn(manager, [key]);
      const base = { kind: MovementKind.ADJUSTMENT, referenceId: null, reason: input.reason, actor: actor?.sub ?? null };
      const movement =
        input.quantity > 0
          ? await this.arriveIn(manager, key, input.quantity, BigInt(level.averageCostMinor), base)
          : await this.removeIn(manager, key, -input.quantity, base);
      const after = await this.levelIn(manager, key);
      await emitAdjusted(this.outbox, manager, movement, product, after.onHand);
      await this.emitAvailabilityIn(manager, [product.id]);
      await this.audit.record(manager, actor, 'adjustStock', product.id, { ...key, quantity: input.quantity, reason: input.reason });
      return after;
    });
  }

  /** Moves free units between warehouses at their average cost: one movement out, one in, under one reference. */
  async transfer(input: { productId: string; fromWarehouseId: string; toWarehouseId: string; quantity: number }, actor?: Identity): Promise<StockLevelRow[]> {
    if (input.fromWarehouseId === input.toWarehouseId) {
      throw badUserInput('A transfer goes from one warehouse to another', { toWarehouseId: ['must differ from fromWarehouseId'] });
    }
    return this.dataSource.transaction(async (manager) => {
      const product = await this.products.activeIn(manager, input.productId);
      const from = { productId: product.id, warehouseId: (await this.warehouses.resolveIn(manager, input.fromWarehouseId)).id };
      const to = { productId: product.id, warehouseId: (await this.warehouses.resolveIn(manager, input.toWarehouseId)).id };
      const levels = await this.repository.lockIn(manager, [from, to]);
      const source = levels.find((l) => l.warehouseId === from.warehouseId);
      if (!source) throw insufficientStock(from, input.quantity, 0);
      const base = { kind: MovementKind.TRANSFER, reason: 'transfer', actor: actor?.sub ?? null };
      const out = await this.removeIn(manager, from, input.quantity, { ...base, referenceId: null });
      await this.arriveIn(manager, to, input.quantity, BigInt(source.averageCostMinor), { ...base, referenceId: out.id });
      // Overall availability stays, unless a backorder waiting in the destination took the units.
      await this.emitAvailabilityIn(manager, [product.id]);
      await this.audit.record(manager, actor, 'transferStock', product.id, { from: from.warehouseId, to: to.warehouseId, quantity: input.quantity });
      return [await this.levelIn(manager, from), await this.levelIn(manager, to)];
    });
  }

  /** Locks the stock rows (created when missing, for known products) in one order; call before locking any order. */
  lockIn(manager: EntityManager, keys: readonly StockKey[]): Promise<StockLevelRow[]> {
    return this.repository.lockIn(manager, keys);
  }

  /** Reserves up to `quantity` (exactly, unless `partial`) in one conditional statement; answers how many. */
  async reserveIn(manager: EntityManager, key: StockKey, quantity: number, partial: boolean): Promise<number> {
    const granted = await this.repository.reserveIn(manager, key, quantity, partial);
    if (granted > 0) for (const listener of this.depleted) await listener(manager, key);
    return granted;
  }

  /** Gives reserved units back; then backorders may take them. */
  async releaseIn(manager: EntityManager, key: StockKey, quantity: number): Promise<void> {
    if (!(await this.repository.releaseIn(manager, key, quantity))) {
      throw new Error(`stock ${key.productId}/${key.warehouseId}: releasing ${quantity} units that are not reserved`);
    }
    for (const listener of this.freed) await listener(manager, key);
  }

  /** Reserved units leave for an order line, valued at the moving-average cost; answers that cost. */
  async shipIn(manager: EntityManager, key: StockKey, quantity: number, orderLineId: string, actor: string | null): Promise<bigint> {
    const cost = await this.repository.shipIn(manager, key, quantity);
    if (cost === undefined) throw new Error(`stock ${key.productId}/${key.warehouseId}: shipping ${quantity} units that are not reserved`);
    await this.repository.insertMovementIn(manager, {
      ...key,
      kind: MovementKind.SHIPMENT,
      quantity: -quantity,
      unitCostMinor: cost,
      referenceId: orderLineId,
      reason: null,
      actor,
    });
    return BigInt(cost);
  }

  /** Units arrive (receipt, found, transferred in): on hand, the moving average and the ledger move together; then backorders may take them. */
  async arriveIn(
    manager: EntityManager,
    key: StockKey,
    quantity: number,
    unitCostMinor: bigint,
    origin: Pick<MovementRow, 'kind' | 'referenceId' | 'reason' | 'actor'>,
  ): Promise<MovementRow> {
    const [level] = await this.repository.lockIn(manager, [key]);
    if (!level) throw new Error(`stock ${key.productId}/${key.warehouseId}: no such product`);
    await this.repository.addIn(manager, key, quantity, movingAverage(level.onHand, BigInt(level.averageCostMinor), quantity, unitCostMinor));
    const movement = await this.repository.insertMovementIn(manager, { ...key, ...origin, quantity, unitCostMinor: unitCostMinor.toString() });
    for (const listener of this.freed) await listener(manager, key);
    return movement;
  }

  /** Free units leave (lost, transferred out) at the average cost; INSUFFICIENT_STOCK when fewer are free. */
  private async removeIn(manager: EntityManager, key: StockKey, quantity: number, origin: Pick<MovementRow, 'kind' | 'referenceId' | 'reason' | 'actor'>) {
    const [level] = await this.repository.lockIn(manager, [key]);
    if (!(await this.repository.removeIn(manager, key, quantity))) throw insufficientStock(key, quantity, level ? level.onHand - level.reserved : 0);
    const movement = await this.repository.insertMovementIn(manager, { ...key, ...origin, quantity: -quantity, unitCostMinor: level.averageCostMinor });
    for (const listener of this.depleted) await listener(manager, key);
    return movement;
  }

  emitAvailabilityIn(manager: EntityManager, productIds: readonly string[]): Promise<void> {
    return emitAvailability(this.outbox, this.repository, manager, productIds);
  }

  async levelIn(manager: EntityManager, key: StockKey): Promise<StockLevelRow> {
    return (await this.repository.levelIn(manager, key)) ?? { ...key, onHand: 0, reserved: 0, averageCostMinor: '0' };
  }

  levelsOf(productIds: readonly string[]): Promise<StockLevelRow[]> {
    return this.repository.levelsOf(productIds);
  }

  movements(first: number, after: string | null | undefined, productId: string | null | undefined) {
    return this.repository.movements(first, after, productId);
  }
}
