import type { EntityManager } from 'typeorm';
import { creditNoteIssuedV1, invoiceCancelledV1, invoicePaidV1, invoicePostedV1, type Outbox } from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import type { CreditNoteRow, InvoiceRow } from './invoices.repository';

/** finance.invoice.posted (v1, as crm consumes it): number, total and due date of the posted invoice. */
export async function emitPosted(outbox: Outbox, manager: EntityManager, invoice: InvoiceRow): Promise<void> {
  if (!invoice.number || !invoice.postedAt) throw new Error(`invoice ${invoice.id} is not posted`);
  await outbox.emit(
    manager,
    invoicePostedV1,
    invoice.id,
    {
      invoiceId: invoice.id,
      number: invoice.number,
      customerId: invoice.customerId,
      dealId: invoice.dealId,
      total: moneyFromMinor(invoice.totalMinor, invoice.currency),
      dueDate: invoice.dueDate,
      postedAt: invoice.postedAt.toISOString(),
    },
    { time: invoice.postedAt },
  );
}

/** finance.invoice.paid (v1): emitted once, when payments settle what credit notes left. */
export async function emitPaid(outbox: Outbox, manager: EntityManager, invoice: InvoiceRow): Promise<void> {
  if (!invoice.number || !invoice.paidAt) throw new Error(`invoice ${invoice.id} is not paid`);
  await outbox.emit(
    manager,
    invoicePaidV1,
    invoice.id,
    {
      invoiceId: invoice.id,
      number: invoice.number,
      customerId: invoice.customerId,
      amountPaid: moneyFromMinor(invoice.paidMinor, invoice.currency),
      paidAt: invoice.paidAt.toISOString(),
    },
    { time: invoice.paidAt },
  );
}

export async function emitCancelled(outbox: Outbox, manager: EntityManager, invoice: InvoiceRow, creditNoteId: string | null, reason: string): Promise<void> {
  const cancelledAt = new Date();
  await outbox.emit(
    manager,
    invoiceCancelledV1,
    invoice.id,
    { invoiceId: invoice.id, number: invoice.number, customerId: invoice.customerId, creditNoteId, reason, cancelledAt: cancelledAt.toISOString() },
    { time: cancelledAt },
  );
}

export async function emitCreditNoteIssued(outbox: Outbox, manager: EntityManager, invoice: InvoiceRow, note: CreditNoteRow): Promise<void> {
  await outbox.emit(
    manager,
    creditNoteIssuedV1,
    invoice.id,
    {
      creditNoteId: note.id,
      number: note.number,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number!,
      customerId: invoice.customerId,
      amount: moneyFromMinor(note.amountMinor, note.currency),
      reason: note.reason,
      issuedAt: note.createdAt.toISOString(),
    },
    { time: note.createdAt },
  );
}
