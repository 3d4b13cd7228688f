import { randomUUID } from 'node:crypto';
import { capturingOutbox } from '../testing/capturing-outbox';
import { emitCancelled, emitOrderState, emitShipped } from './order-events';
import { SalesOrderStatus } from './sales-order.model';
import type { OrderLineRow, SalesOrderRow } from './sales-orders.repository';

const order: SalesOrderRow = {
  id: randomUUID(),
  customerId: randomUUID(),
  number: 'SO-000042',
  status: SalesOrderStatus.PARTIALLY_RESERVED,
  dealId: randomUUID(),
  warehouseId: randomUUID(),
  cancelReason: null,
  createdAt: new Date(),
};
const line = (quantity: number, shipped: number, held: number): OrderLineRow & { shipped: number; held: number } => ({
  id: randomUUID(),
  orderId: order.id,
  position: 0,
  productId: randomUUID(),
  description: null,
  quantity,
  shippedQuantity: shipped,
  unitPriceMinor: '2500',
  currency: 'EUR',
  shipped,
  held,
});

describe('sales order events (validated against their contracts)', () => {
  it('reports a short order as backordered with what each line waits for, and a held one as reserved', async () => {
    const { outbox, manager, events } = capturingOutbox();
    await emitOrderState(outbox, manager, order, [line(5, 0, 3), line(2, 0, 2)]);
    await emitOrderState(outbox, manager, order, [line(2, 0, 2)]);
    expect(events.map((e) => e.type)).toEqual(['inventory.order.backordered', 'inventory.order.reserved']);
    expect((events[0].data as { lines: { reserved: number; backordered: number }[] }).lines.map((l) => [l.reserved, l.backordered])).toEqual([
      [3, 2],
      [2, 0],
    ]);
    expect(events[0].subject).toBe(order.id);
  });

  it('emits a shipment as version 1 and version 2 of inventory.order.shipped, the lines valued in the version 2', async () => {
    const { outbox, manager, events } = capturingOutbox();
    const shipmentId = randomUUID();
    const shipped = { orderLineId: randomUUID(), productId: randomUUID(), sku: 'W-1', quantity: 3, unitCostMinor: 1450n, currency: 'EUR' };
    await emitShipped(outbox, manager, order, { id: shipmentId, lines: [shipped], complete: false });
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['inventory.order.shipped', 1],
      ['inventory.order.shipped', 2],
    ]);
    expect(events[0].data).toEqual({
      orderId: order.id,
      orderNumber: 'SO-000042',
      customerId: order.customerId,
      dealId: order.dealId,
      shipmentId,
      shippedAt: expect.any(String),
    });
    expect(events[1].data).toMatchObject({
      warehouseId: order.warehouseId,
      complete: false,
      lines: [{ sku: 'W-1', quantity: 3, unitCost: { amount: '14.50', currency: 'EUR' } }],
    });
  });

  it('says why an order was cancelled and what it released', async () => {
    const { outbox, manager, events } = capturingOutbox();
    const productId = randomUUID();
    await emitCancelled(outbox, manager, { ...order, status: SalesOrderStatus.CANCELLED, cancelReason: 'deal lost: budget' }, [{ productId, quantity: 2 }]);
    expect(events[0]).toMatchObject({ type: 'inventory.order.cancelled', data: { reason: 'deal lost: budget', released: [{ productId, quantity: 2 }] } });
  });

  it('refuses to report a shipment of an order without a warehouse', async () => {
    const { outbox, manager } = capturingOutbox();
    await expect(emitShipped(outbox, manager, { ...order, warehouseId: null }, { id: randomUUID(), lines: [], complete: true })).rejects.toThrow(
      /no warehouse/,
    );
  });
});
