import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { financeSubgraph } from '../finance.subgraph';
import { financeClient } from '../testing/finance-client';

describe('finance reports (real Postgres)', () => {
  let finance: TestSubgraph;
  let fx: ReturnType<typeof financeClient>;
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const alice = '00000000-0000-4000-8000-00000000a11c';
  const bob = '00000000-0000-4000-8000-000000000b0b';

  beforeAll(async () => {
    finance = await startTestSubgraph(financeSubgraph);
    fx = financeClient(finance);
    // Alice: 120.00 with 20 % tax due 2026-02-14 (45 days late on 2026-03-31), paid 20.00; 50.00 due 2026-04-30 (not yet due).
    const a = await fx.posted(alice, '0', {
      issueDate: '2026-01-15',
      lines: [{ description: 'Consulting', quantity: 1, unitPrice: usd('100.00'), taxRate: '20' }],
    });
    await fx.pay({ customerId: alice, amount: usd('20.00'), receivedOn: '2026-02-01', allocations: [{ invoiceId: a.id, amount: usd('20.00') }] });
    await fx.posted(alice, '50.00', { issueDate: '2026-03-31' });
    // Bob: 300.00 due 2025-12-01 (120 days late), credited 100.00.
    const b = await fx.posted(bob, '300.00', { issueDate: '2025-11-01' });
    await fx.must(
      `mutation($id: ID!) { issueCreditNote(invoiceId: $id, reason: "Returned", amount: { amount: "100.00", currency: "USD" }, date: "2026-03-15") { id } }`,
      {
        id: b.id,
      },
    );
    // A bill of 80.00 for goods, unpaid.
    const { createBill } = await fx.must<{ createBill: { id: string } }>(`mutation($i: CreateBillInput!) { createBill(input: $i) { id } }`, {
      i: {
        vendorId: '00000000-0000-4000-8000-0000000000f1',
        vendorName: 'Parts Ltd',
        issueDate: '2026-03-01',
        lines: [{ productId: alice, quantity: 8, unitPrice: usd('10.00') }],
      },
    });
    await fx.must(`mutation($id: ID!) { postBill(billId: $id) { id } }`, { id: createBill.id });
  });
  afterAll(() => finance?.close());

  it('profit and loss of a period: revenue less credit notes, and the net', async () => {
    const { profitAndLoss } = await fx.must<{ profitAndLoss: { totalIncome: { amount: string }; netIncome: { amount: string }; csv: string } }>(
      `{ profitAndLoss(from: "2025-01-01", to: "2026-12-31") { totalIncome { amount } netIncome { amount } csv } }`,
      {},
    );
    // 100 + 50 + 300 of revenue, less the credit note's 100 (no tax on Bob's invoice).
    expect(profitAndLoss.totalIncome.amount).toBe('350.00');
    expect(profitAndLoss.netIncome.amount).toBe('350.00');
    expect(profitAndLoss.csv.split('\n')[0]).toBe('section,code,name,amount');
  });

  it('balance sheet: assets equal liabilities and equity with the current earnings', async () => {
    const { balanceSheet } = await fx.must<{
      balanceSheet: {
        totalAssets: { amount: string };
        totalLiabilitiesAndEquity: { amount: string };
        currentEarnings: { amount: string };
        assets: { code: string; balance: { amount: string } }[];
      };
    }>(
      `{ balanceSheet(asOf: "2026-12-31") { totalAssets { amount } totalLiabilitiesAndEquity { amount } currentEarnings { amount } assets { code balance { amount } } } }`,
      {},
    );
    expect(balanceSheet.totalAssets).toEqual(balanceSheet.totalLiabilitiesAndEquity);
    expect(balanceSheet.currentEarnings.amount).toBe('350.00');
    // Receivable: 100 + 50 left of Alice's, 200 of Bob's; bank 20; inventory 80.
    expect(Object.fromEntries(balanceSheet.assets.map((a) => [a.code, a.balance.amount]))).toEqual({ '1010': '20.00', '1100': '350.00', '1200': '80.00' });
  });

  it('trial balance: debits equal credits, as CSV too', async () => {
    const tb = await fx.must<{ trialBalance: { totalDebit: { amount: string }; totalCredit: { amount: string }; csv: string } }>(
      `{ trialBalance(asOf: "2026-12-31") { totalDebit { amount } totalCredit { amount } csv } }`,
      {},
    );
    expect(tb.trialBalance.totalDebit).toEqual(tb.trialBalance.totalCredit);
    expect(tb.trialBalance.csv).toContain('1100,Accounts receivable,asset,');
  });

  it('receivables and payables aging by days past due', async () => {
    const { receivablesAging, payablesAging } = await fx.must<{
      receivablesAging: { rows: Record<string, unknown>[]; totals: Record<string, { amount: string }>; csv: string };
      payablesAging: { rows: { partyName: string; current: { amount: string } }[] };
    }>(
      `{ receivablesAging(asOf: "2026-03-31") { rows { partyId current { amount } days1to30 { amount } days31to60 { amount } days61to90 { amount } over90 { amount } total { amount } }
           totals { total { amount } over90 { amount } } csv }
         payablesAging(asOf: "2026-03-31") { rows { partyName current { amount } } } }`,
      {},
    );
    const amounts = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, (v as { amount?: string })?.amount ?? v]));
    expect(receivablesAging.rows.map(amounts)).toEqual(
      [
        { partyId: bob, current: '0.00', days1to30: '0.00', days31to60: '0.00', days61to90: '0.00', over90: '200.00', total: '200.00' },
        { partyId: alice, current: '50.00', days1to30: '0.00', days31to60: '100.00', days61to90: '0.00', over90: '0.00', total: '150.00' },
      ].sort((x, y) => String(x.partyId).localeCompare(String(y.partyId))),
    );
    expect(receivablesAging.totals.total.amount).toBe('350.00');
    expect(receivablesAging.csv.split('\n')[0]).toBe('customer,name,current,1-30,31-60,61-90,90+,total');
    expect(payablesAging.rows).toEqual([{ partyName: 'Parts Ltd', current: { amount: '80.00' } }]);
  });

  it('general ledger of an account, page by page, with the running balance carried across pages', async () => {
    const { accounts } = await fx.must<{ accounts: { id: string; code: string }[] }>(`{ accounts { id code } }`, {});
    const receivable = accounts.find((a) => a.code === '1100')!.id;
    const page = (after: string | null) =>
      fx.must<{
        generalLedger: { openingBalance: { amount: string }; lines: { balance: { amount: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(
        `query($id: ID!, $after: String) { generalLedger(accountId: $id, to: "2026-12-31", first: 2, after: $after) { openingBalance { amount } lines { balance { amount } } pageInfo { hasNextPage endCursor } } }`,
        { id: receivable, after },
      );
    const first = (await page(null)).generalLedger;
    expect(first.lines.map((l) => l.balance.amount)).toEqual(['300.00', '420.00']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).generalLedger;
    expect(second.openingBalance.amount).toBe('420.00');
    expect(second.lines.map((l) => l.balance.amount)).toEqual(['400.00', '300.00']);
    const last = (await page(second.pageInfo.endCursor)).generalLedger;
    expect(last.lines.map((l) => l.balance.amount)).toEqual(['350.00']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    const bad = await fx.call(`query($id: ID!) { generalLedger(accountId: $id, after: "nope") { csv } }`, { id: receivable });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
