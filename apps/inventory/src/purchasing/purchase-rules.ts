import { DomainError } from '@platform/graphql';
import { InventoryErrorCode } from '../shared/inventory-error-codes';
import { PurchaseOrderStatus } from './purchase-order.model';

const illegal = (order: { id: string; number: string }, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(InventoryErrorCode.IllegalPurchaseOrderTransition, message, { purchaseOrderId: order.id, ...details });

/** Only a draft is placed with the supplier. */
export function placeRefusal(order: { id: string; number: string; status: PurchaseOrderStatus }): DomainError | undefined {
  if (order.status === PurchaseOrderStatus.DRAFT) return undefined;
  return illegal(order, `Purchase order ${order.number} is ${order.status}; only a draft can be placed`, { status: order.status.toUpperCase() });
}

export interface ReceivableLine {
  id: string;
  quantity: number;
  received: number;
}

/**
 * What arrives per line: the lines and quantities named (each at most what is
 * still to come), or everything still to come. Only a placed order receives.
 */
export function receiptPlan<L extends ReceivableLine>(
  order: { id: string; number: string; status: PurchaseOrderStatus },
  lines: readonly L[],
  requested: readonly { lineId: string; quantity: number }[] | null | undefined,
): { line: L; quantity: number }[] {
  if (order.status !== PurchaseOrderStatus.ORDERED && order.status !== PurchaseOrderStatus.PARTIALLY_RECEIVED) {
    throw illegal(order, `Purchase order ${order.number} is ${order.status}; only a placed order receives goods`, { status: order.status.toUpperCase() });
  }
  const byId = new Map(lines.map((l) => [l.id, l]));
  const asked = requested?.length ? requested : lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.received }));
  const totals = new Map<string, number>();
  for (const { lineId, quantity } of asked) totals.set(lineId, (totals.get(lineId) ?? 0) + quantity);
  const plan: { line: L; quantity: number }[] = [];
  for (const [lineId, quantity] of totals) {
    const line = byId.get(lineId);
    if (!line) throw illegal(order, `Line ${lineId} is not a line of purchase order ${order.number}`, { lineId });
    if (quantity > line.quantity - line.received) {
      throw illegal(order, `Line ${lineId} of ${order.number} has ${line.quantity - line.received} units still to come`, {
        lineId,
        outstanding: line.quantity - line.received,
      });
    }
    if (quantity > 0) plan.push({ line, quantity });
  }
  return plan;
}

/** After a receipt: received in full, or in part. */
export const receivedStatus = (lines: readonly ReceivableLine[]) =>
  lines.every((l) => l.received === l.quantity) ? PurchaseOrderStatus.RECEIVED : PurchaseOrderStatus.PARTIALLY_RECEIVED;

/** The units a reorder rule orders: up to its maximum, when available fell under its minimum (none otherwise). */
export const reorderQuantity = (rule: { minimum: number; maximum: number }, available: number) => (available < rule.minimum ? rule.maximum - available : 0);
