import { z } from 'zod';
import { defineEvent } from './registry';
import { timestamp } from './shared-schemas';

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

export const inventoryEvents = [availabilityChangedV1, orderShippedV1];
