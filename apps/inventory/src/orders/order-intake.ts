import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type dealWonV1, type EventData, type EventEnvelope, Outbox } from '@platform/events';
import { minorFromDecimal } from '@platform/graphql';
import { ProductsService } from '../products/products.service';
import { ReservationsService } from '../reservations/reservations.service';
import { StockService } from '../stock/stock.service';
import { WarehousesService } from '../warehouses/warehouses.service';
import { emitOrderState } from './order-events';
import { orderStatus } from './order-rules';
import { SalesOrdersRepository } from './sales-orders.repository';
import { type LiveLine } from './sales-orders.service';

/**
 * Turns a won deal into a sales order in the default warehouse and reserves
 * its lines: what stock allows now, the rest as a backorder that fills itself
 * as stock arrives. One order per deal: a second delivery of the event (or
 * another event of the same deal) finds the order and does nothing.
 */
@Injectable()
export class OrderIntake {
  constructor(
    private readonly repository: SalesOrdersRepository,
    private readonly reservations: ReservationsService,
    private readonly stock: StockService,
    private readonly products: ProductsService,
    private readonly warehouses: WarehousesService,
    private readonly outbox: Outbox,
  ) {}

  async fromDealWonIn(manager: EntityManager, deal: EventData<typeof dealWonV1>, event: EventEnvelope): Promise<void> {
    // A deal that sold no products (services, a subscription) has nothing to ship.
    if (!deal.lineItems.length) return;
    const warehouse = await this.warehouses.resolveIn(manager, null);
    const order = await this.repository.insertForDealIn(manager, { customerId: deal.customerId, dealId: deal.dealId, warehouseId: warehouse.id });
    if (!order) return;
    const rows = await this.repository.insertLinesIn(
      manager,
      order.id,
      deal.lineItems.map((l) => ({
        productId: l.productId,
        description: l.description,
        quantity: l.quantity,
        unitPriceMinor: minorFromDecimal(l.unitPrice.amount, l.unitPrice.currency).toString(),
        currency: l.unitPrice.currency,
      })),
    );
    // Archived or unknown products reserve nothing: their lines wait as backorders.
    const sellable = new Set(
      (
        await this.products.findIn(
          manager,
          rows.map((l) => l.productId),
        )
      )
        .filter((p) => p.active)
        .map((p) => p.id),
    );
    await this.stock.lockIn(
      manager,
      rows.filter((l) => sellable.has(l.productId)).map((l) => ({ productId: l.productId, warehouseId: warehouse.id })),
    );
    const lines: LiveLine[] = [];
    for (const row of rows) {
      const key = { productId: row.productId, warehouseId: warehouse.id };
      const held = sellable.has(row.productId) ? await this.reservations.reserveForLineIn(manager, key, row.id, row.quantity) : 0;
      lines.push({ ...row, shipped: 0, held });
    }
    const updated = await this.repository.setStatusIn(manager, order.id, orderStatus(lines));
    await emitOrderState(this.outbox, manager, updated, lines, event);
    await this.stock.emitAvailabilityIn(manager, [...sellable]);
  }
}
