import { Injectable } from '@nestjs/common';
import { dealLostV1, dealWonV1, on } from '@platform/events';
import type { EventConsumer } from '@platform/service';
import { OrderIntake } from './order-intake';
import { SalesOrdersService } from './sales-orders.service';

/**
 * Order to cash, inventory's step: a won deal becomes a sales order with its
 * reservations; a lost deal cancels the deal's live order, if any. The inbox
 * applies each event once; the order's unique deal id makes a second event of
 * the same deal a no-op as well.
 */
@Injectable()
export class DealEventsConsumer implements EventConsumer {
  readonly group = 'inventory.orders';
  readonly bindings = [
    on(dealWonV1, (data, event, manager) => this.intake.fromDealWonIn(manager, data, event)),
    on(dealLostV1, (data, event, manager) => this.orders.cancelForDealIn(manager, data.dealId, `deal lost: ${data.reason}`, event)),
  ];

  constructor(
    private readonly intake: OrderIntake,
    private readonly orders: SalesOrdersService,
  ) {}
}
