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
  consumers: ['crm'],
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
  consumers: [],
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
  consumers: [],
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

export const inventoryEvents = [availabilityChangedV1, orderShippedV1, orderShippedV2, purchaseOrderReceivedV1];
