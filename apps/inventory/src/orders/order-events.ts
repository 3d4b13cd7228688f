import type { EntityManager } from 'typeorm';
import {
  eventOf,
  type EventEnvelope,
  orderBackorderedV1,
  orderCancelledV1,
  orderReservedV1,
  orderShippedV1,
  orderShippedV2,
  type Outbox,
} from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import { backorderOf, type LineState } from './order-rules';
import type { OrderLineRow, SalesOrderRow } from './sales-orders.repository';

type Causation = Pick<EventEnvelope, 'id' | 'correlationId'> | undefined;

/** inventory.order.reserved (all that remains is held) or inventory.order.backordered (some waits for stock). */
export async function emitOrderState(
  outbox: Outbox,
  manager: EntityManager,
  order: SalesOrderRow,
  lines: readonly (OrderLineRow & LineState)[],
  causation?: Causation,
): Promise<void> {
  if (!order.warehouseId) throw new Error(`order ${order.id} has no warehouse`);
  const changedAt = new Date();
  const data = {
    orderId: order.id,
    orderNumber: order.number,
    customerId: order.customerId,
    dealId: order.dealId,
    warehouseId: order.warehouseId,
    lines: lines.map((l) => ({
      orderLineId: l.id,
      productId: l.productId,
      quantity: l.quantity,
      shipped: l.shipped,
      reserved: l.held,
      backordered: backorderOf(l),
    })),
    changedAt: changedAt.toISOString(),
  };
  const contract = data.lines.some((l) => l.backordered > 0) ? orderBackorderedV1 : orderReservedV1;
  await outbox.emit(manager, contract, order.id, data, { time: changedAt, causation });
}

/**
 * inventory.order.shipped in every version that has a consumer, one envelope
 * each with the same subject: version 1 for crm's timeline, version 2 (lines
 * and their moving-average cost) for finance.
 */
export async function emitShipped(
  outbox: Outbox,
  manager: EntityManager,
  order: SalesOrderRow,
  shipment: {
    id: string;
    lines: { orderLineId: string; productId: string; sku: string; quantity: number; unitCostMinor: bigint; currency: string }[];
    complete: boolean;
  },
): Promise<void> {
  if (!order.warehouseId) throw new Error(`order ${order.id} has no warehouse`);
  const shippedAt = new Date();
  const head = { orderId: order.id, orderNumber: order.number, customerId: order.customerId, dealId: order.dealId, shipmentId: shipment.id };
  await outbox.append(manager, [
    eventOf(orderShippedV1, order.id, { ...head, shippedAt: shippedAt.toISOString() }, { time: shippedAt }),
    eventOf(
      orderShippedV2,
      order.id,
      {
        ...head,
        warehouseId: order.warehouseId,
        lines: shipment.lines.map((l) => ({
          orderLineId: l.orderLineId,
          productId: l.productId,
          sku: l.sku,
          quantity: l.quantity,
          unitCost: moneyFromMinor(l.unitCostMinor, l.currency),
        })),
        complete: shipment.complete,
        shippedAt: shippedAt.toISOString(),
      },
      { time: shippedAt },
    ),
  ]);
}

export async function emitCancelled(
  outbox: Outbox,
  manager: EntityManager,
  order: SalesOrderRow,
  released: readonly { productId: string; quantity: number }[],
  causation?: Causation,
): Promise<void> {
  const cancelledAt = new Date();
  await outbox.emit(
    manager,
    orderCancelledV1,
    order.id,
    {
      orderId: order.id,
      orderNumber: order.number,
      customerId: order.customerId,
      dealId: order.dealId,
      reason: order.cancelReason ?? 'cancelled',
      released: [...released],
      cancelledAt: cancelledAt.toISOString(),
    },
    { time: cancelledAt, causation },
  );
}
