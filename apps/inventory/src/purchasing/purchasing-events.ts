import type { EntityManager } from 'typeorm';
import { type Outbox, purchaseOrderRaisedV1, purchaseOrderReceivedV1 } from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import type { PurchaseOrderRow, SupplierRow } from './purchasing.repository';

export interface ValuedLine {
  productId: string;
  sku: string;
  quantity: number;
  unitCostMinor: string;
  currency: string;
}

const stockLine = (l: ValuedLine) => ({ productId: l.productId, sku: l.sku, quantity: l.quantity, unitCost: moneyFromMinor(l.unitCostMinor, l.currency) });

/** inventory.purchase-order.raised: a new draft, with its lines at their purchase prices. */
export async function emitRaised(
  outbox: Outbox,
  manager: EntityManager,
  order: PurchaseOrderRow,
  supplier: SupplierRow,
  lines: readonly ValuedLine[],
): Promise<void> {
  await outbox.emit(
    manager,
    purchaseOrderRaisedV1,
    order.id,
    {
      purchaseOrderId: order.id,
      purchaseOrderNumber: order.number,
      supplier: { id: supplier.id, name: supplier.name },
      warehouseId: order.warehouseId,
      reorderRuleId: order.reorderRuleId,
      lines: lines.map(stockLine),
      raisedAt: order.createdAt.toISOString(),
    },
    { time: order.createdAt },
  );
}

/** inventory.purchase-order.received: what arrived in one receipt, at the purchase price, for finance's vendor bill. */
export async function emitReceived(
  outbox: Outbox,
  manager: EntityManager,
  order: PurchaseOrderRow,
  supplier: SupplierRow,
  receipt: { id: string; lines: readonly ValuedLine[]; complete: boolean },
): Promise<void> {
  const receivedAt = new Date();
  await outbox.emit(
    manager,
    purchaseOrderReceivedV1,
    order.id,
    {
      purchaseOrderId: order.id,
      purchaseOrderNumber: order.number,
      receiptId: receipt.id,
      supplier: { id: supplier.id, name: supplier.name },
      warehouseId: order.warehouseId,
      lines: receipt.lines.map(stockLine),
      complete: receipt.complete,
      receivedAt: receivedAt.toISOString(),
    },
    { time: receivedAt },
  );
}
