import type { InvoiceRow } from '../invoices/invoices.repository';
import { openMinor } from '../invoices/invoice-rules';
import type { SystemAccounts } from '../ledger/accounts.service';
import { type LineDraft, signedLine } from '../ledger/journal-rules';
import { functionalShare } from '../shared/amounts';
import { type PaymentBalance, takeFromPayment } from './payment-rules';

/** One part of a payment (or of its credit) settling part of one invoice. */
export interface AllocationStep {
  paymentId: string;
  invoice: InvoiceRow;
  amount: bigint;
}

export interface Allocated {
  paymentId: string;
  invoiceId: string;
  amount: bigint;
  /** The receivable relieved, at the invoice's booked rate: what the allocation row keeps. */
  functional: bigint;
  /** What the payment brought for it, at the payment's rate. */
  paid: bigint;
}

/**
 * Runs allocation steps in order against the payments' balances and the
 * invoices' receivables (each step sees what the earlier ones left), and
 * answers the allocations, the payments' balances after them, and the
 * ledger lines that relieve the receivables, any difference between the two
 * rates being an exchange difference.
 */
export function allocate(
  balances: ReadonlyMap<string, PaymentBalance>,
  steps: readonly AllocationStep[],
  accounts: SystemAccounts,
): { allocations: Allocated[]; balances: Map<string, PaymentBalance>; lines: LineDraft[] } {
  const payments = new Map(balances);
  const invoices = new Map<string, InvoiceRow>();
  const allocations: Allocated[] = [];
  const lines: LineDraft[] = [];
  for (const step of steps) {
    const invoice = invoices.get(step.invoice.id) ?? step.invoice;
    const taken = takeFromPayment(payments.get(step.paymentId)!, step.amount);
    const relief = functionalShare(
      step.amount,
      openMinor(invoice),
      BigInt(invoice.functionalTotalMinor ?? invoice.totalMinor),
      BigInt(invoice.functionalSettledMinor),
      BigInt(invoice.totalMinor),
    );
    payments.set(step.paymentId, taken.rest);
    invoices.set(invoice.id, {
      ...invoice,
      paidMinor: (BigInt(invoice.paidMinor) + step.amount).toString(),
      functionalSettledMinor: (BigInt(invoice.functionalSettledMinor) + relief).toString(),
    });
    allocations.push({ paymentId: step.paymentId, invoiceId: invoice.id, amount: step.amount, functional: relief, paid: taken.functional });
    lines.push(signedLine(accounts.receivable, -relief, { customerId: invoice.customerId }), signedLine(accounts.fx, relief - taken.functional));
  }
  return { allocations, balances: payments, lines };
}
