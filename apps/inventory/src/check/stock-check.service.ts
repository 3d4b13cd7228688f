import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SalesOrdersRepository } from '../orders/sales-orders.repository';
import { ReservationsRepository } from '../reservations/reservations.repository';
import { compareStock } from '../stock/stock-rules';
import type { StockCheck } from '../stock/stock.model';
import { StockRepository } from '../stock/stock.repository';

/**
 * Proves that the stock table, the ledger, open reservations and order lines
 * agree. Everything is read in one REPEATABLE READ snapshot, so a check run
 * while orders flow compares figures of one instant.
 */
@Injectable()
export class StockCheckService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationsRepository,
    private readonly orders: SalesOrdersRepository,
  ) {}

  async run(): Promise<StockCheck> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { levels, ledger } = await this.stock.snapshotIn(manager);
      const { held, lines: heldByLine } = await this.reservations.openTotalsIn(manager);
      const ledgerShipped = new Map((await this.stock.shippedByReferenceIn(manager)).map((r) => [r.referenceId, r.shipped]));
      const lineHeld = new Map(heldByLine.map((h) => [h.orderLineId, h.quantity]));
      const lines = (await this.orders.allLinesIn(manager)).map((l) => ({
        orderLineId: l.id,
        productId: l.productId,
        quantity: l.quantity,
        shipped: l.shippedQuantity,
        ledgerShipped: ledgerShipped.get(l.id) ?? 0,
        held: lineHeld.get(l.id) ?? 0,
      }));
      const discrepancies = compareStock({ levels, ledger, held, lines });
      return { consistent: discrepancies.length === 0, stockRows: levels.length, discrepancies, checkedAt: new Date() };
    });
  }
}
