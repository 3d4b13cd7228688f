import { DomainError } from '@platform/graphql';
import { InventoryErrorCode } from '../shared/inventory-error-codes';
import { SalesOrderStatus } from './sales-order.model';

export interface LineState {
  id: string;
  quantity: number;
  shipped: number;
  /** Units held for the line now. */
  held: number;
}

/** What remains to ship of a line and is not held: the backorder. */
export const backorderOf = (line: LineState) => Math.max(0, line.quantity - line.shipped - line.held);

/** The status a live (not cancelled) order's lines give it. */
export function orderStatus(lines: readonly LineState[]): SalesOrderStatus {
  const remaining = lines.reduce((sum, l) => sum + l.quantity - l.shipped, 0);
  const shipped = lines.reduce((sum, l) => sum + l.shipped, 0);
  const held = lines.reduce((sum, l) => sum + l.held, 0);
  if (remaining === 0) return SalesOrderStatus.SHIPPED;
  if (shipped > 0) return SalesOrderStatus.PARTIALLY_SHIPPED;
  if (held === remaining) return SalesOrderStatus.RESERVED;
  return held > 0 ? SalesOrderStatus.PARTIALLY_RESERVED : SalesOrderStatus.PENDING;
}

const illegal = (orderId: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(InventoryErrorCode.IllegalOrderTransition, message, { orderId, ...details });

/** A cancelled or fully shipped order is final. */
export function finalRefusal(order: { id: string; number: string; status: SalesOrderStatus }): DomainError | undefined {
  if (order.status !== SalesOrderStatus.CANCELLED && order.status !== SalesOrderStatus.SHIPPED) return undefined;
  return illegal(order.id, `Order ${order.number} is ${order.status}; it can no longer be shipped or cancelled`, { status: order.status.toUpperCase() });
}

/**
 * The units to ship per line: those asked for (each at most what is held for
 * its line), or, when none are named, everything held. Refused when nothing
 * would ship, a line is not the order's, or a line holds fewer units.
 */
export function shipmentPlan<L extends LineState>(
  order: { id: string; number: string },
  lines: readonly L[],
  requested: readonly { orderLineId: string; quantity: number }[] | null | undefined,
): { line: L; quantity: number }[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const asked = requested?.length ? requested : lines.filter((l) => l.held > 0).map((l) => ({ orderLineId: l.id, quantity: l.held }));
  const totals = new Map<string, number>();
  for (const { orderLineId, quantity } of asked) totals.set(orderLineId, (totals.get(orderLineId) ?? 0) + quantity);
  const plan: { line: L; quantity: number }[] = [];
  for (const [orderLineId, quantity] of totals) {
    const line = byId.get(orderLineId);
    if (!line) throw illegal(order.id, `Line ${orderLineId} is not a line of order ${order.number}`, { orderLineId });
    if (quantity > line.held) {
      throw illegal(order.id, `Line ${orderLineId} of order ${order.number} holds ${line.held} units; ship at most that many`, {
        orderLineId,
        reserved: line.held,
      });
    }
    plan.push({ line, quantity });
  }
  if (!plan.length) throw illegal(order.id, `Order ${order.number} holds no units to ship yet: it waits for stock`);
  return plan;
}
