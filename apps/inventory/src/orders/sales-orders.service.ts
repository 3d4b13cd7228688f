import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import type { EventEnvelope } from '@platform/events';
import { Outbox } from '@platform/events';
import { moneyFromMinor, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ProductsService } from '../products/products.service';
import { ReservationsService } from '../reservations/reservations.service';
import type { StockKey } from '../stock/stock.repository';
import { StockService } from '../stock/stock.service';
import { emitCancelled, emitOrderState, emitShipped } from './order-events';
import { backorderOf, finalRefusal, type LineState, orderStatus, shipmentPlan } from './order-rules';
import { type SalesOrder, type SalesOrderLine, SalesOrderStatus } from './sales-order.model';
import { type OrderLineRow, type SalesOrderRow, SalesOrdersRepository } from './sales-orders.repository';

type Causation = Pick<EventEnvelope, 'id' | 'correlationId'>;
export type LiveLine = OrderLineRow & LineState;

/**
 * Sales order commands: shipments, cancellations and backorder fills. Lock
 * order: the stock rows of the order's products first (sorted), then the
 * order, then reservations, as every stock change does; so a shipment, a
 * cancellation and a fill of one order take turns, never deadlock.
 */
@Injectable()
export class SalesOrdersService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SalesOrdersRepository,
    private readonly reservations: ReservationsService,
    private readonly stock: StockService,
    private readonly products: ProductsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    // Arriving or freed units go to waiting orders before anyone else can take them.
    this.stock.whenFreed((manager, key) => this.fillBackordersIn(manager, key));
  }

  /** Ships what the order holds (all, or the lines and quantities named); emits inventory.order.shipped v1 and v2. */
  async ship(orderId: string, requested: { orderLineId: string; quantity: number }[] | null | undefined, actor?: Identity): Promise<SalesOrder> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.lockWithStockIn(manager, orderId);
      const refusal = finalRefusal(order);
      if (refusal) throw refusal;
      const lines = await this.liveLinesIn(manager, order.id);
      const plan = shipmentPlan(order, lines, requested);
      const products = new Map(
        (
          await this.products.findIn(
            manager,
            plan.map((p) => p.line.productId),
          )
        ).map((p) => [p.id, p]),
      );
      const shipped = [];
      for (const { line, quantity } of plan) {
        const product = products.get(line.productId);
        // A line holds units only of a product in a warehouse: anything else is a broken invariant, not a user error.
        if (!product || !order.warehouseId) throw new Error(`order ${order.id}: line ${line.id} holds units without a product or warehouse`);
        const key = { productId: line.productId, warehouseId: order.warehouseId };
        const unitCostMinor = await this.reservations.shipForLineIn(manager, key, line.id, quantity, actor?.sub ?? null);
        await this.repository.addShippedIn(manager, line.id, quantity);
        line.shipped += quantity;
        line.held -= quantity;
        shipped.push({ orderLineId: line.id, productId: line.productId, sku: product.sku, quantity, unitCostMinor, currency: product.currency });
      }
      const status = orderStatus(lines);
      const row = await this.repository.setStatusIn(manager, order.id, status);
      const shipmentId = randomUUID();
      await emitShipped(this.outbox, manager, row, { id: shipmentId, lines: shipped, complete: status === SalesOrderStatus.SHIPPED });
      await this.audit.record(manager, actor, 'shipSalesOrder', order.id, {
        shipmentId,
        lines: shipped.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })),
      });
      return row;
    });
  }

  async cancel(orderId: string, reason: string, actor?: Identity): Promise<SalesOrder> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cancelIn(manager, orderId, reason);
      await this.audit.record(manager, actor, 'cancelSalesOrder', orderId, { reason });
      return row;
    });
  }

  /**
   * Cancels in the caller's transaction: the order is marked cancelled before
   * its units are released, so the backorder fill they set off skips it.
   */
  async cancelIn(manager: EntityManager, orderId: string, reason: string, causation?: Causation): Promise<SalesOrderRow> {
    const order = await this.lockWithStockIn(manager, orderId);
    const refusal = finalRefusal(order);
    if (refusal) throw refusal;
    const row = await this.repository.setStatusIn(manager, order.id, SalesOrderStatus.CANCELLED, reason);
    const lines = await this.repository.linesOf([order.id], manager);
    const released = await this.reservations.releaseForLinesIn(
      manager,
      lines.map((l) => l.id),
    );
    await emitCancelled(this.outbox, manager, row, released, causation);
    await this.stock.emitAvailabilityIn(
      manager,
      released.map((r) => r.productId),
    );
    return row;
  }

  /** crm.deal.lost: the deal's order, if it has a live one, is cancelled and releases what it held. */
  async cancelForDealIn(manager: EntityManager, dealId: string, reason: string, causation: Causation): Promise<void> {
    const order = await this.repository.findByDealIn(manager, dealId);
    if (!order || finalRefusal(order)) return;
    await this.cancelIn(manager, order.id, reason, causation);
  }

  /**
   * Units of a product became free in a warehouse (stock row locked by the
   * caller): the waiting lines take them, oldest order first, until none are
   * left. An order whose backorder is filled reports inventory.order.reserved.
   */
  async fillBackordersIn(manager: EntityManager, key: StockKey): Promise<void> {
    const waiting = await this.repository.waitingLinesIn(manager, key.productId, key.warehouseId);
    for (const orderId of [...new Set(waiting.map((w) => w.orderId))]) {
      const order = await this.repository.lockIn(manager, orderId);
      if (!order || finalRefusal(order) || order.status === SalesOrderStatus.RESERVED) continue;
      const lines = await this.liveLinesIn(manager, orderId);
      let exhausted = false;
      for (const line of lines.filter((l) => l.productId === key.productId && backorderOf(l) > 0)) {
        const wanted = backorderOf(line);
        const granted = await this.reservations.reserveForLineIn(manager, key, line.id, wanted);
        line.held += granted;
        if (granted < wanted) exhausted = true;
        if (exhausted) break;
      }
      const status = orderStatus(lines);
      if (status !== order.status) {
        const row = await this.repository.setStatusIn(manager, orderId, status);
        if (status === SalesOrderStatus.RESERVED) await emitOrderState(this.outbox, manager, row, lines);
      }
      if (exhausted) return;
    }
  }

  /** The order's lines with what each holds now. */
  async liveLinesIn(manager: EntityManager, orderId: string): Promise<LiveLine[]> {
    const rows = await this.repository.linesOf([orderId], manager);
    const held = new Map(
      (
        await this.reservations.heldForLines(
          rows.map((l) => l.id),
          manager,
        )
      ).map((h) => [h.orderLineId, h.quantity]),
    );
    return rows.map((l) => ({ ...l, shipped: l.shippedQuantity, held: held.get(l.id) ?? 0 }));
  }

  async get(id: string): Promise<SalesOrder> {
    const row = await this.repository.findIn(this.dataSource, id);
    if (!row) throw notFound('SalesOrder', id);
    return row;
  }

  list(first: number, after: string | null | undefined, filter: { status?: SalesOrderStatus | null; customerId?: string | null }): Promise<Page<SalesOrder>> {
    return this.repository.list(first, after, filter);
  }

  /** The newest `limit` orders of each customer, one query for the whole batch. */
  async latestByCustomer(customerIds: readonly string[], limit: number): Promise<Map<string, SalesOrder[]>> {
    const byCustomer = new Map<string, SalesOrder[]>();
    for (const row of await this.repository.latestByCustomer(customerIds, limit)) {
      byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
    }
    return byCustomer;
  }

  /** Lines of several orders, with what each holds, in two statements. */
  async linesOf(orderIds: readonly string[]): Promise<SalesOrderLine[]> {
    const rows = await this.repository.linesOf(orderIds);
    const held = new Map((await this.reservations.heldForLines(rows.map((l) => l.id))).map((h) => [h.orderLineId, h.quantity]));
    return rows.map((l) => {
      const state = { id: l.id, quantity: l.quantity, shipped: l.shippedQuantity, held: held.get(l.id) ?? 0 };
      return {
        ...l,
        shipped: state.shipped,
        reserved: state.held,
        backordered: backorderOf(state),
        unitPrice: moneyFromMinor(l.unitPriceMinor, l.currency),
      };
    });
  }

  /** Locks the stock rows of the order's products, then the order; NOT_FOUND when there is no such order. */
  private async lockWithStockIn(manager: EntityManager, orderId: string): Promise<SalesOrderRow> {
    const existing = await this.repository.findIn(manager, orderId);
    if (!existing) throw notFound('SalesOrder', orderId);
    const warehouseId = existing.warehouseId;
    if (warehouseId) {
      const lines = await this.repository.linesOf([orderId], manager);
      await this.stock.lockIn(
        manager,
        lines.map((l) => ({ productId: l.productId, warehouseId })),
      );
    }
    const order = await this.repository.lockIn(manager, orderId);
    if (!order) throw notFound('SalesOrder', orderId);
    return order;
  }
}
