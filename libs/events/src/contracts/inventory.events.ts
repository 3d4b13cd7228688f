import { z } from 'zod';
import { defineEvent } from './registry';
import { moneySchema, timestamp } from './shared-schemas';

export const availabilityChangedV1 = defineEvent({
  type: 'inventory.stock.availability-changed',
  version: 1,
  topic: 'inventory.stock',
  producer: 'inventory',
  consumers: ['crm'],
  description: "A product's sellable quantity (on hand minus reserved, over all warehouses) changed. Keyed by product.",
  data: z.object({
    productId: z.uuid(),
    sku: z.string().min(1),
    available: z.number().int(),
    changedAt: timestamp(),
  }),
});

export const orderShippedV1 = defineEvent({
  type: 'inventory.order.shipped',
  version: 1,
  topic: 'inventory.order',
  producer: 'inventory',
  consumers: ['crm', 'analytics'],
  description: 'A sales order (or part of it) left the warehouse.',
  data: z.object({
    orderId: z.uuid(),
    orderNumber: z.string().min(1),
    customerId: z.uuid(),
    dealId: z.uuid().nullable(),
    shipmentId: z.uuid(),
    shippedAt: timestamp(),
  }),
});

/** One product line of a shipment or receipt, valued at the cost inventory booked it at. */
export const stockLineSchema = z.object({
  productId: z.uuid(),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Per unit: moving-average cost at shipment, purchase price at receipt. */
  unitCost: moneySchema,
});

export const orderShippedV2 = defineEvent({
  type: 'inventory.order.shipped',
  version: 2,
  topic: 'inventory.order',
  producer: 'inventory',
  consumers: ['finance'],
  description:
    'A sales order (or part of it) left the warehouse: version 1 plus the warehouse and the lines shipped with their cost, so finance can invoice and book cost of goods. Inventory emits both versions while version 1 has consumers.',
  data: z.object({
    orderId: z.uuid(),
    orderNumber: z.string().min(1),
    customerId: z.uuid(),
    dealId: z.uuid().nullable(),
    shipmentId: z.uuid(),
    warehouseId: z.uuid(),
    lines: z.array(stockLineSchema.extend({ orderLineId: z.uuid() })).min(1),
    /** True when nothing of the order remains to ship. */
    complete: z.boolean(),
    shippedAt: timestamp(),
  }),
});

export const purchaseOrderReceivedV1 = defineEvent({
  type: 'inventory.purchase-order.received',
  version: 1,
  topic: 'inventory.purchase-order',
  producer: 'inventory',
  consumers: ['finance'],
  description:
    'Goods of a purchase order arrived (in full or in part): what arrived, from which supplier, at what price. Finance raises a draft vendor bill from it.',
  data: z.object({
    purchaseOrderId: z.uuid(),
    purchaseOrderNumber: z.string().min(1),
    receiptId: z.uuid(),
    supplier: z.object({ id: z.uuid(), name: z.string().min(1) }),
    warehouseId: z.uuid(),
    lines: z.array(stockLineSchema).min(1),
    /** True when nothing of the purchase order remains to receive. */
    complete: z.boolean(),
    receivedAt: timestamp(),
  }),
});

export const stockAdjustedV1 = defineEvent({
  type: 'inventory.stock.adjusted',
  version: 1,
  topic: 'inventory.stock',
  producer: 'inventory',
  consumers: [],
  description: 'Someone corrected the stock of a product in a warehouse (a count, breakage, a find): the signed change, why, and the value it moved at.',
  data: z.object({
    movementId: z.uuid(),
    productId: z.uuid(),
    sku: z.string().min(1),
    warehouseId: z.uuid(),
    /** Signed change of on hand. */
    quantity: z.number().int(),
    unitCost: moneySchema,
    onHand: z.number().int().nonnegative(),
    reason: z.string().min(1),
    adjustedAt: timestamp(),
  }),
});

/** A sales order line as reservation left it: what was ordered, what is held for it, what waits for stock. */
const orderLineStateSchema = z.object({
  orderLineId: z.uuid(),
  productId: z.uuid(),
  quantity: z.number().int().positive(),
  shipped: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  backordered: z.number().int().nonnegative(),
});

const orderStateData = z.object({
  orderId: z.uuid(),
  orderNumber: z.string().min(1),
  customerId: z.uuid(),
  dealId: z.uuid().nullable(),
  warehouseId: z.uuid(),
  lines: z.array(orderLineStateSchema),
  changedAt: timestamp(),
});

export const orderReservedV1 = defineEvent({
  type: 'inventory.order.reserved',
  version: 1,
  topic: 'inventory.order',
  producer: 'inventory',
  consumers: [],
  description: 'Everything a sales order still has to ship is reserved: on creation, or when arriving stock filled its backorder.',
  data: orderStateData,
});

export const orderBackorderedV1 = defineEvent({
  type: 'inventory.order.backordered',
  version: 1,
  topic: 'inventory.order',
  producer: 'inventory',
  consumers: [],
  description:
    'A new sales order could not be reserved in full: the lines say what waits for stock. It reserves by itself as stock arrives, oldest order first.',
  data: orderStateData,
});

export const orderCancelledV1 = defineEvent({
  type: 'inventory.order.cancelled',
  version: 1,
  topic: 'inventory.order',
  producer: 'inventory',
  consumers: [],
  description: 'A sales order was cancelled (by a user, or because its deal was lost); what it held is released. Lines already shipped stay shipped.',
  data: z.object({
    orderId: z.uuid(),
    orderNumber: z.string().min(1),
    customerId: z.uuid(),
    dealId: z.uuid().nullable(),
    reason: z.string().min(1),
    released: z.array(z.object({ productId: z.uuid(), quantity: z.number().int().positive() })),
    cancelledAt: timestamp(),
  }),
});

export const purchaseOrderRaisedV1 = defineEvent({
  type: 'inventory.purchase-order.raised',
  version: 1,
  topic: 'inventory.purchase-order',
  producer: 'inventory',
  consumers: [],
  description: 'A draft purchase order was raised, by a user or by a reorder rule whose product fell under its minimum (reorderRuleId).',
  data: z.object({
    purchaseOrderId: z.uuid(),
    purchaseOrderNumber: z.string().min(1),
    supplier: z.object({ id: z.uuid(), name: z.string().min(1) }),
    warehouseId: z.uuid(),
    reorderRuleId: z.uuid().nullable(),
    lines: z.array(stockLineSchema).min(1),
    raisedAt: timestamp(),
  }),
});

export const inventoryEvents = [
  availabilityChangedV1,
  stockAdjustedV1,
  orderShippedV1,
  orderShippedV2,
  orderReservedV1,
  orderBackorderedV1,
  orderCancelledV1,
  purchaseOrderReceivedV1,
  purchaseOrderRaisedV1,
];
