import { randomUUID } from 'node:crypto';
import type { Identity } from '@platform/auth';
import type { GraphQLBody, TestSubgraph } from '@platform/service-testing';

export const INVOICE_FIELDS = `id number customerId status currency issueDate dueDate dealId orderId
  subtotal { amount currency } tax { amount } total { amount currency } paid { amount } credited { amount } openAmount { amount currency } entryId`;

export interface InvoiceView {
  id: string;
  number: string | null;
  customerId: string;
  status: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  dealId: string | null;
  orderId: string | null;
  subtotal: { amount: string; currency: string };
  tax: { amount: string };
  total: { amount: string; currency: string };
  paid: { amount: string };
  credited: { amount: string };
  openAmount: { amount: string; currency: string };
  entryId: string | null;
}

/** GraphQL calls the finance specs share; `as` defaults to an admin. */
export function financeClient(finance: TestSubgraph) {
  const call = async <T>(query: string, variables: Record<string, unknown>, as?: Identity): Promise<GraphQLBody<T>> => finance.request<T>(query, variables, as);
  const must = async <T>(query: string, variables: Record<string, unknown>, as?: Identity): Promise<T> => {
    const result = await call<T>(query, variables, as);
    if (result.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
    return result.data!;
  };
  const money = (amount: string, currency = 'USD') => ({ amount, currency });
  return {
    call,
    must,
    money,
    createInvoice: (input: Record<string, unknown>) =>
      call<{ createInvoice: InvoiceView }>(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { ${INVOICE_FIELDS} } }`, { i: input }),
    /** A draft of one line of `amount` (USD unless said), for `customerId`. */
    draft: async (customerId: string, amount: string, extra: Record<string, unknown> = {}, currency = 'USD') =>
      (
        await must<{ createInvoice: InvoiceView }>(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { ${INVOICE_FIELDS} } }`, {
          i: { customerId, lines: [{ description: 'Work', quantity: 1, unitPrice: money(amount, currency) }], ...extra },
        })
      ).createInvoice,
    post: (invoiceId: string) =>
      call<{ postInvoice: InvoiceView }>(`mutation($id: ID!) { postInvoice(invoiceId: $id) { ${INVOICE_FIELDS} } }`, { id: invoiceId }),
    posted: async (customerId: string, amount: string, extra: Record<string, unknown> = {}, currency = 'USD') => {
      const created = await must<{ createInvoice: InvoiceView }>(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }`, {
        i: { customerId, lines: [{ description: 'Work', quantity: 1, unitPrice: money(amount, currency) }], ...extra },
      });
      return (
        await must<{ postInvoice: InvoiceView }>(`mutation($id: ID!) { postInvoice(invoiceId: $id) { ${INVOICE_FIELDS} } }`, { id: created.createInvoice.id })
      ).postInvoice;
    },
    invoice: async (invoiceId: string) =>
      (await must<{ invoice: InvoiceView }>(`query($id: ID!) { invoice(invoiceId: $id) { ${INVOICE_FIELDS} } }`, { id: invoiceId })).invoice,
    pay: (input: Record<string, unknown>) =>
      call<{ recordPayment: { id: string; unapplied: { amount: string }; allocations: { invoiceId: string; amount: { amount: string } }[] } }>(
        `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id unapplied { amount } allocations { invoiceId amount { amount } } } }`,
        { i: input },
      ),
    creditNote: (invoiceId: string, reason: string, amount?: { amount: string; currency: string }) =>
      call<{ issueCreditNote: { id: string; number: string; amount: { amount: string }; tax: { amount: string } } }>(
        `mutation($id: ID!, $r: String!, $a: MoneyInput) { issueCreditNote(invoiceId: $id, reason: $r, amount: $a) { id number amount { amount } tax { amount } } }`,
        { id: invoiceId, r: reason, a: amount ?? null },
      ),
    cancel: (invoiceId: string, reason = 'Wrong customer') =>
      call<{ cancelInvoice: InvoiceView }>(`mutation($id: ID!, $r: String!) { cancelInvoice(invoiceId: $id, reason: $r) { ${INVOICE_FIELDS} } }`, {
        id: invoiceId,
        r: reason,
      }),
    closePeriod: (startsOn: string) =>
      call<{ closePeriod: { status: string } }>(`mutation($s: String!) { closePeriod(startsOn: $s) { status } }`, { s: startsOn }),
    reopenPeriod: (startsOn: string, reason = 'Late invoice') =>
      call<{ reopenPeriod: { status: string } }>(`mutation($s: String!, $r: String!) { reopenPeriod(startsOn: $s, reason: $r) { status } }`, {
        s: startsOn,
        r: reason,
      }),
    trialBalance: async (asOf = '2100-01-01') =>
      (
        await must<{
          trialBalance: { totalDebit: { amount: string }; totalCredit: { amount: string }; rows: { code: string; balance: { amount: string } }[] };
        }>(`query($d: String) { trialBalance(asOf: $d) { totalDebit { amount } totalCredit { amount } rows { code balance { amount } } } }`, { d: asOf })
      ).trialBalance,
    customer: () => randomUUID(),
  };
}

/** Row counts of the tables a command writes: a refused command must leave every one as it was. */
export async function writes(finance: TestSubgraph): Promise<Record<string, number>> {
  const [row] = (await finance.dataSource.query(
    `SELECT (SELECT count(*) FROM journal_entries)::int AS entries, (SELECT count(*) FROM journal_lines)::int AS lines,
            (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM payment_allocations)::int AS allocations,
            (SELECT count(*) FROM credit_notes)::int AS "creditNotes", (SELECT count(*) FROM outbox)::int AS outbox,
            (SELECT coalesce(sum(last_number), 0)::int FROM document_sequences) AS numbers,
            (SELECT count(*) FROM invoices WHERE status <> 'draft')::int AS "postedInvoices"`,
  )) as Record<string, number>[];
  return row;
}
