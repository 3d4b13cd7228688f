import { moneyFromMinor } from '@platform/graphql';
import { percentOf } from '../shared/amounts';
import type { CreditNote, DocumentLine, Invoice } from './invoice.model';
import type { CreditNoteRow, InvoiceLineRow, InvoiceRow } from './invoices.repository';

export const toInvoice = (row: InvoiceRow): Invoice => {
  const money = (minor: string | bigint) => moneyFromMinor(minor, row.currency);
  return {
    ...row,
    subtotal: money(row.subtotalMinor),
    tax: money(row.taxMinor),
    total: money(row.totalMinor),
    paid: money(row.paidMinor),
    credited: money(row.creditedMinor),
    openAmount: money(BigInt(row.totalMinor) - BigInt(row.paidMinor) - BigInt(row.creditedMinor)),
    exchangeRate: row.rate.replace(/\.?0+$/, ''),
  };
};

/** A stored line of an invoice or bill in its document's currency. */
export const toDocumentLine = (row: Omit<InvoiceLineRow, 'documentId'>, currency: string): DocumentLine => ({
  id: row.id,
  position: row.position,
  product: row.productId ? { id: row.productId } : null,
  description: row.description,
  quantity: row.quantity,
  unitPrice: moneyFromMinor(row.unitPriceMinor, currency),
  taxRate: percentOf(row.taxRateBp),
  net: moneyFromMinor(row.netMinor, currency),
  tax: moneyFromMinor(row.taxMinor, currency),
});

export const toCreditNote = (row: CreditNoteRow): CreditNote => ({
  ...row,
  amount: moneyFromMinor(row.amountMinor, row.currency),
  tax: moneyFromMinor(row.taxMinor, row.currency),
});
