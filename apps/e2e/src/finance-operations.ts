import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';

type Operation = (client: GraphQLClient) => Promise<unknown>;

const usd = (amount: string) => ({ amount, currency: 'USD' });
const line = { description: 'Matrix', quantity: 1, unitPrice: usd('10.00') };
/** A month no other spec touches, so closing and reopening it never collides. */
const freshMonth = () => `${3000 + Math.floor(Math.random() * 5000)}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-01`;

/**
 * The finance rows of the authorisation matrix: each operation works on
 * records an admin makes for it first, so every allowed role succeeds.
 */
export function financeOperations(admin: GraphQLClient, customerId: () => string): Record<string, Operation> {
  const id = async <T extends string>(query: string, field: T, variables: Record<string, unknown> = {}) =>
    ((await admin.request<Record<T, { id: string }>>(query, variables)) as Record<T, { id: string }>)[field].id;
  const draft = () =>
    id(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }`, 'createInvoice', { i: { customerId: customerId(), lines: [line] } });
  const posted = async () => {
    const invoiceId = await draft();
    await admin.request(`mutation($id: ID!) { postInvoice(invoiceId: $id) { id } }`, { id: invoiceId });
    return invoiceId;
  };
  const bill = () =>
    id(`mutation($i: CreateBillInput!) { createBill(input: $i) { id } }`, 'createBill', {
      i: { vendorId: randomUUID(), vendorName: 'Matrix Supply', lines: [line] },
    });
  const postedBill = async () => {
    const billId = await bill();
    await admin.request(`mutation($id: ID!) { postBill(billId: $id) { id } }`, { id: billId });
    return billId;
  };
  const account = async () => {
    const { accounts } = await admin.request<{ accounts: { id: string; code: string }[] }>(`{ accounts { id code } }`);
    return accounts.find((a) => a.code === '1010')!.id;
  };
  const manualEntry = async () => {
    const bank = await account();
    return id(`mutation($i: JournalEntryInput!) { postJournalEntry(input: $i) { id } }`, 'postJournalEntry', {
      i: {
        date: '2026-06-01',
        memo: 'Matrix',
        lines: [
          { accountId: bank, debit: usd('1.00') },
          { accountId: bank, credit: usd('1.00') },
        ],
      },
    });
  };
  return {
    'Customer.invoices': (c) => c.request(`query($id: ID!) { customer(id: $id) { invoices(first: 1) { nodes { id } } } }`, { id: customerId() }),
    'Customer.lifetimeRevenue': (c) => c.request(`query($id: ID!) { customer(id: $id) { lifetimeRevenue { amount } } }`, { id: customerId() }),
    'Customer.overdueAmount': (c) => c.request(`query($id: ID!) { customer(id: $id) { overdueAmount { amount } } }`, { id: customerId() }),
    'Query.accounts': (c) => c.request(`{ accounts { id } }`),
    'Mutation.createAccount': (c) =>
      c.request(`mutation($code: String!) { createAccount(input: { code: $code, name: "Matrix", type: EXPENSE }) { id } }`, {
        code: `M${randomUUID().slice(0, 8)}`,
      }),
    'Mutation.renameAccount': async (c) => c.request(`mutation($id: ID!) { renameAccount(accountId: $id, name: "Bank") { id } }`, { id: await account() }),
    'Mutation.deleteAccount': async (c) => {
      const accountId = await id(`mutation($code: String!) { createAccount(input: { code: $code, name: "Matrix", type: EXPENSE }) { id } }`, 'createAccount', {
        code: `D${randomUUID().slice(0, 8)}`,
      });
      return c.request(`mutation($id: ID!) { deleteAccount(accountId: $id) }`, { id: accountId });
    },
    'Query.exchangeRates': (c) => c.request(`{ exchangeRates { rate } }`),
    'Mutation.setExchangeRate': (c) => c.request(`mutation { setExchangeRate(input: { currency: "EUR", validFrom: "2026-01-01", rate: "1.1" }) { rate } }`),
    'Query.journalEntry': async (c) => c.request(`query($id: ID!) { journalEntry(entryId: $id) { id } }`, { id: await manualEntry() }),
    'Query.journalEntries': (c) => c.request(`{ journalEntries(first: 1) { nodes { id } } }`),
    'Mutation.postJournalEntry': async (c) => {
      const bank = await account();
      return c.request(`mutation($i: JournalEntryInput!) { postJournalEntry(input: $i) { id } }`, {
        i: {
          date: '2026-06-01',
          memo: 'Matrix',
          lines: [
            { accountId: bank, debit: usd('1.00') },
            { accountId: bank, credit: usd('1.00') },
          ],
        },
      });
    },
    'Mutation.reverseJournalEntry': async (c) =>
      c.request(`mutation($id: ID!) { reverseJournalEntry(entryId: $id, date: "2026-06-02") { id } }`, { id: await manualEntry() }),
    'Query.fiscalPeriods': (c) => c.request(`{ fiscalPeriods(year: 2026) { startsOn } }`),
    'Mutation.closePeriod': (c) => c.request(`mutation($s: String!) { closePeriod(startsOn: $s) { status } }`, { s: freshMonth() }),
    'Mutation.reopenPeriod': async (c) => {
      const month = freshMonth();
      await admin.request(`mutation($s: String!) { closePeriod(startsOn: $s) { status } }`, { s: month });
      return c.request(`mutation($s: String!) { reopenPeriod(startsOn: $s, reason: "Matrix") { status } }`, { s: month });
    },
    'Query.invoice': async (c) => c.request(`query($id: ID!) { invoice(invoiceId: $id) { id pdf { filename } } }`, { id: await draft() }),
    'Query.invoices': (c) => c.request(`{ invoices(first: 1) { nodes { id } } }`),
    'Mutation.createInvoice': (c) =>
      c.request(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { id } }`, { i: { customerId: customerId(), lines: [line] } }),
    'Mutation.updateInvoice': async (c) =>
      c.request(`mutation($id: ID!, $i: UpdateInvoiceInput!) { updateInvoice(invoiceId: $id, input: $i) { id } }`, { id: await draft(), i: { lines: [line] } }),
    'Mutation.postInvoice': async (c) => c.request(`mutation($id: ID!) { postInvoice(invoiceId: $id) { id } }`, { id: await draft() }),
    'Mutation.cancelInvoice': async (c) => c.request(`mutation($id: ID!) { cancelInvoice(invoiceId: $id, reason: "Matrix") { id } }`, { id: await posted() }),
    'Mutation.issueCreditNote': async (c) =>
      c.request(`mutation($id: ID!) { issueCreditNote(invoiceId: $id, reason: "Matrix") { id } }`, { id: await posted() }),
    'Query.payment': async (c) => {
      const paymentId = await id(`mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`, 'recordPayment', {
        i: { customerId: randomUUID(), amount: usd('1.00') },
      });
      return c.request(`query($id: ID!) { payment(paymentId: $id) { id } }`, { id: paymentId });
    },
    'Query.payments': (c) => c.request(`{ payments(first: 1) { nodes { id } } }`),
    'Mutation.recordPayment': (c) =>
      c.request(`mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`, { i: { customerId: randomUUID(), amount: usd('1.00') } }),
    'Mutation.applyCustomerCredit': async (c) => {
      const invoiceId = await posted();
      const { invoice } = await admin.request<{ invoice: { customerId: string } }>(`query($id: ID!) { invoice(invoiceId: $id) { customerId } }`, {
        id: invoiceId,
      });
      await admin.request(`mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`, {
        i: { customerId: invoice.customerId, amount: usd('5.00'), allocations: [] },
      });
      return c.request(`mutation($id: ID!) { applyCustomerCredit(invoiceId: $id) { id } }`, { id: invoiceId });
    },
    'Query.bill': async (c) => c.request(`query($id: ID!) { bill(billId: $id) { id } }`, { id: await bill() }),
    'Query.bills': (c) => c.request(`{ bills(first: 1) { nodes { id } } }`),
    'Query.vendors': (c) => c.request(`{ vendors { id } }`),
    'Mutation.createBill': (c) =>
      c.request(`mutation($i: CreateBillInput!) { createBill(input: $i) { id } }`, {
        i: { vendorId: randomUUID(), vendorName: 'Matrix Supply', lines: [line] },
      }),
    'Mutation.postBill': async (c) => c.request(`mutation($id: ID!) { postBill(billId: $id) { id } }`, { id: await bill() }),
    'Mutation.payBill': async (c) =>
      c.request(`mutation($id: ID!) { payBill(billId: $id, amount: { amount: "1.00", currency: "USD" }) { id } }`, { id: await postedBill() }),
    'Query.trialBalance': (c) => c.request(`{ trialBalance { csv } }`),
    'Query.profitAndLoss': (c) => c.request(`{ profitAndLoss(from: "2026-01-01", to: "2026-12-31") { csv } }`),
    'Query.balanceSheet': (c) => c.request(`{ balanceSheet { csv } }`),
    'Query.generalLedger': async (c) => c.request(`query($id: ID!) { generalLedger(accountId: $id, first: 5) { csv } }`, { id: await account() }),
    'Query.receivablesAging': (c) => c.request(`{ receivablesAging { csv } }`),
    'Query.payablesAging': (c) => c.request(`{ payablesAging { csv } }`),
    'Query.financeAuditLog': (c) => c.request(`{ financeAuditLog(first: 1) { id } }`),
  };
}
