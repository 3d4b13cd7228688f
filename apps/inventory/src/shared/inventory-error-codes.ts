/**
 * inventory's own values of extensions.code, beside the generic ones of
 * libs/graphql. Registered with the subgraph in inventory.subgraph.ts; a code
 * in neither list reaches a client as INTERNAL_SERVER_ERROR.
 */
export enum InventoryErrorCode {
  /** Fewer units are available (on hand minus reserved) than asked for: extensions.available says how many are. */
  InsufficientStock = 'INSUFFICIENT_STOCK',
  /** A sales order cannot do that in its state (ship a cancelled order, cancel a shipped one, ship more than is reserved). */
  IllegalOrderTransition = 'ILLEGAL_ORDER_TRANSITION',
  /** A purchase order cannot do that in its state (receive a draft, place one already placed, receive more than ordered). */
  IllegalPurchaseOrderTransition = 'ILLEGAL_PURCHASE_ORDER_TRANSITION',
  /** The reservation was already consumed, released or expired. */
  ReservationClosed = 'RESERVATION_CLOSED',
  /** The product is archived: it takes no new stock, reservations or orders. */
  ProductInactive = 'PRODUCT_INACTIVE',
}
