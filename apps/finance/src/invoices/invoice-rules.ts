import { badUserInput, DomainError } from '@platform/graphql';
import { divRound, lineAmounts, MAX_MINOR, type MoneyValue, taxRateBasisPoints, toMinor } from '../shared/amounts';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { InvoiceStatus } from './invoice.model';

export interface LineInput {
  productId?: string | null;
  description?: string | null;
  quantity: number;
  unitPrice: MoneyValue;
  /** Percent, e.g. "20"; none: 0. */
  taxRate?: string | null;
}

export interface PricedLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: bigint;
  taxRateBp: number;
  net: bigint;
  tax: bigint;
}

export interface PricedDocument {
  currency: string;
  lines: PricedLine[];
  subtotal: bigint;
  tax: bigint;
  total: bigint;
}

/** A document's lines priced in one currency: tax rounded per line (half up), the totals their sums. */
export function priceDocument(lines: readonly LineInput[], field = 'lines'): PricedDocument {
  if (!lines.length) throw badUserInput('A document needs at least one line', { [field]: ['at least one line'] });
  const currencies = [...new Set(lines.map((l) => l.unitPrice.currency))];
  if (currencies.length > 1) {
    throw badUserInput(`All lines must be in one currency; got ${currencies.join(', ')}`, { [field]: [`mixed currencies: ${currencies.join(', ')}`] });
  }
  const priced = lines.map((l, i): PricedLine => {
    const unitPriceMinor = toMinor(l.unitPrice, `${field}.${i}.unitPrice`);
    const taxRateBp = l.taxRate ? taxRateBasisPoints(l.taxRate, `${field}.${i}.taxRate`) : 0;
    return {
      productId: l.productId ?? null,
      description: l.description?.trim() || (l.productId ? `Product ${l.productId}` : 'Item'),
      quantity: l.quantity,
      unitPriceMinor,
      taxRateBp,
      ...lineAmounts(l.quantity, unitPriceMinor, taxRateBp),
    };
  });
  const subtotal = priced.reduce((s, l) => s + l.net, 0n);
  const tax = priced.reduce((s, l) => s + l.tax, 0n);
  if (subtotal + tax > MAX_MINOR) throw badUserInput('The lines add up to more than a document can hold', { [field]: ['total too large'] });
  return { currency: currencies[0], lines: priced, subtotal, tax, total: subtotal + tax };
}

export interface DocumentState {
  id: string;
  status: InvoiceStatus | `${InvoiceStatus}`;
  totalMinor: string;
  paidMinor: string;
  creditedMinor: string;
}

export const openMinor = (d: Pick<DocumentState, 'totalMinor' | 'paidMinor' | 'creditedMinor'>): bigint =>
  BigInt(d.totalMinor) - BigInt(d.paidMinor) - BigInt(d.creditedMinor);

const illegal = (d: DocumentState, what: string) =>
  new DomainError(FinanceErrorCode.IllegalDocumentState, `${what}: ${d.id} is ${d.status.replace('_', ' ')}`, { id: d.id, status: d.status.toUpperCase() });

/** Only a draft changes or posts; a zero document has nothing to post. */
export function draftRefusal(d: DocumentState, what: string): DomainError | undefined {
  return d.status === InvoiceStatus.DRAFT ? undefined : illegal(d, `${what} needs a draft`);
}

/** Payments and credit notes go against a posted, not fully settled document. */
export function openRefusal(d: DocumentState, what: string): DomainError | undefined {
  return d.status === InvoiceStatus.POSTED || d.status === InvoiceStatus.PARTIALLY_PAID ? undefined : illegal(d, `${what} needs a posted, unpaid document`);
}

/** At most what is open; OVER_ALLOCATION otherwise. */
export function allocationRefusal(d: DocumentState, amount: bigint, what: string): DomainError | undefined {
  const open = openMinor(d);
  if (amount <= 0n) return badUserInput(`${what} must be positive`, { amount: ['positive'] });
  if (amount > open) {
    return new DomainError(FinanceErrorCode.OverAllocation, `${what} of ${amount} exceeds the ${open} open on ${d.id} (minor units)`, {
      id: d.id,
      open: open.toString(),
      requested: amount.toString(),
    });
  }
  return undefined;
}

/**
 * Cancelling: a draft simply; a posted invoice nothing was paid on by a credit
 * note for all of it; one with payments only by a credit note for what is open
 * (CREDIT_NOTE_REQUIRED), the payments staying as they are.
 */
export function cancelRefusal(d: DocumentState): DomainError | undefined {
  if (d.status === InvoiceStatus.DRAFT) return undefined;
  const open = openRefusal(d, 'Cancelling');
  if (open) return open;
  if (BigInt(d.paidMinor) > 0n) {
    return new DomainError(
      FinanceErrorCode.CreditNoteRequired,
      `Invoice ${d.id} has payments allocated (${d.paidMinor} minor units); it cannot be cancelled: issue a credit note for its open amount (${openMinor(d)})`,
      { id: d.id, paid: d.paidMinor, open: openMinor(d).toString() },
    );
  }
  return undefined;
}

/** The status a posted document has once `paid` and `credited` of its `total` are settled. */
export function settledStatus(total: bigint, paid: bigint, credited: bigint): InvoiceStatus {
  if (paid + credited < total) return paid + credited > 0n ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.POSTED;
  return paid > 0n ? InvoiceStatus.PAID : InvoiceStatus.CANCELLED;
}

/** The tax share of `amount` of a document of `total` with `tax`, rounded half up: what a partial credit note takes back of the tax. */
export function taxShare(amount: bigint, total: bigint, tax: bigint): bigint {
  return total === 0n ? 0n : divRound(amount * tax, total);
}
