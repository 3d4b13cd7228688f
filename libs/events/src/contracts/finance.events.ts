import { z } from 'zod';
import { defineEvent } from './registry';
import { moneySchema, timestamp } from './shared-schemas';

export const invoicePostedV1 = defineEvent({
  type: 'finance.invoice.posted',
  version: 1,
  topic: 'finance.invoice',
  producer: 'finance',
  consumers: ['crm', 'analytics'],
  description: 'An invoice was posted to the ledger (accounts receivable).',
  data: z.object({
    invoiceId: z.uuid(),
    number: z.string().min(1),
    customerId: z.uuid(),
    dealId: z.uuid().nullable(),
    total: moneySchema,
    dueDate: z.iso.date(),
    postedAt: timestamp(),
  }),
});

export const invoicePaidV1 = defineEvent({
  type: 'finance.invoice.paid',
  version: 1,
  topic: 'finance.invoice',
  producer: 'finance',
  consumers: ['crm', 'analytics'],
  description: 'An invoice was paid in full.',
  data: z.object({
    invoiceId: z.uuid(),
    number: z.string().min(1),
    customerId: z.uuid(),
    amountPaid: moneySchema,
    paidAt: timestamp(),
  }),
});

export const financeEvents = [invoicePostedV1, invoicePaidV1];
