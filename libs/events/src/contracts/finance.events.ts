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

export const invoiceCancelledV1 = defineEvent({
  type: 'finance.invoice.cancelled',
  version: 1,
  topic: 'finance.invoice',
  producer: 'finance',
  consumers: [],
  description: 'A posted invoice was cancelled by a credit note for all of it (or a draft was discarded: creditNoteId null).',
  data: z.object({
    invoiceId: z.uuid(),
    number: z.string().min(1).nullable(),
    customerId: z.uuid(),
    creditNoteId: z.uuid().nullable(),
    reason: z.string().min(1),
    cancelledAt: timestamp(),
  }),
});

export const creditNoteIssuedV1 = defineEvent({
  type: 'finance.credit-note.issued',
  version: 1,
  topic: 'finance.invoice',
  producer: 'finance',
  consumers: [],
  description: "A credit note reduced what a customer owes on a posted invoice. Keyed by the invoice, so it follows the invoice's own events.",
  data: z.object({
    creditNoteId: z.uuid(),
    number: z.string().min(1),
    invoiceId: z.uuid(),
    invoiceNumber: z.string().min(1),
    customerId: z.uuid(),
    amount: moneySchema,
    reason: z.string().min(1),
    issuedAt: timestamp(),
  }),
});

export const paymentReceivedV1 = defineEvent({
  type: 'finance.payment.received',
  version: 1,
  topic: 'finance.payment',
  producer: 'finance',
  consumers: [],
  description: 'A customer payment was recorded: how it was allocated to invoices and what is left as customer credit.',
  data: z.object({
    paymentId: z.uuid(),
    customerId: z.uuid(),
    amount: moneySchema,
    reference: z.string().nullable(),
    allocations: z.array(z.object({ invoiceId: z.uuid(), amount: moneySchema })),
    unapplied: moneySchema,
    receivedOn: z.iso.date(),
    recordedAt: timestamp(),
  }),
});

export const billPostedV1 = defineEvent({
  type: 'finance.bill.posted',
  version: 1,
  topic: 'finance.bill',
  producer: 'finance',
  consumers: [],
  description: 'A vendor bill was posted to accounts payable.',
  data: z.object({
    billId: z.uuid(),
    number: z.string().min(1),
    vendorId: z.uuid(),
    purchaseOrderId: z.uuid().nullable(),
    total: moneySchema,
    dueDate: z.iso.date(),
    postedAt: timestamp(),
  }),
});

export const financeEvents = [invoicePostedV1, invoicePaidV1, invoiceCancelledV1, creditNoteIssuedV1, paymentReceivedV1, billPostedV1];
