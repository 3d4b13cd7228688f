import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { financeSubgraph } from '../finance.subgraph';
import { financeClient, writes } from '../testing/finance-client';

const POST_ENTRY = `mutation($i: JournalEntryInput!) { postJournalEntry(input: $i) { id date source lines { accountCode debit { amount } credit { amount } } } }`;
const REVERSE = `mutation($id: ID!, $d: String!) { reverseJournalEntry(entryId: $id, date: $d) { id reversesId source lines { accountCode debit { amount } credit { amount } } } }`;

describe('finance ledger (real Postgres)', () => {
  let finance: TestSubgraph;
  let fx: ReturnType<typeof financeClient>;
  let accounts: Record<string, string>;
  const usd = (amount: string) => ({ amount, currency: 'USD' });

  beforeAll(async () => {
    finance = await startTestSubgraph(financeSubgraph);
    fx = financeClient(finance);
    const { accounts: list } = await fx.must<{ accounts: { id: string; code: string }[] }>(`{ accounts { id code } }`, {});
    accounts = Object.fromEntries(list.map((a) => [a.code, a.id]));
  });
  afterAll(() => finance?.close());

  it('seeds the chart of accounts', async () => {
    const { accounts: list } = await fx.must<{ accounts: { code: string; type: string; systemKey: string | null }[] }>(
      `{ accounts { code type systemKey } }`,
      {},
    );
    expect(list.map((a) => `${a.code} ${a.type} ${a.systemKey}`)).toEqual(
      expect.arrayContaining([
        '1000 ASSET cash',
        '1010 BANK'.replace('BANK', 'ASSET bank'),
        '1100 ASSET receivable',
        '1200 ASSET inventory',
        '2000 LIABILITY payable',
      ]),
    );
    expect(list.map((a) => a.systemKey)).toEqual(expect.arrayContaining(['revenue', 'cogs', 'tax', 'customer_credit']));
  });

  it('posts a balanced manual entry and reverses it once, naming the original', async () => {
    const posted = await fx.must<{ postJournalEntry: { id: string; source: string } }>(POST_ENTRY, {
      i: {
        date: '2026-03-05',
        memo: 'Owner funding',
        lines: [
          { accountId: accounts['1010'], debit: usd('500.00') },
          { accountId: accounts['3000'], credit: usd('500.00') },
        ],
      },
    });
    expect(posted.postJournalEntry.source).toBe('MANUAL');
    const reversal = await fx.must<{
      reverseJournalEntry: { reversesId: string; source: string; lines: { accountCode: string; debit: { amount: string } }[] };
    }>(REVERSE, {
      id: posted.postJournalEntry.id,
      d: '2026-03-06',
    });
    expect(reversal.reverseJournalEntry).toMatchObject({ reversesId: posted.postJournalEntry.id, source: 'REVERSAL' });
    expect(reversal.reverseJournalEntry.lines.find((l) => l.accountCode === '3000')?.debit.amount).toBe('500.00');
    const again = await fx.call(REVERSE, { id: posted.postJournalEntry.id, d: '2026-03-06' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'ENTRY_IMMUTABLE', reversalId: expect.any(String) });
  });

  it('refuses an unbalanced entry with UNBALANCED_ENTRY and writes nothing', async () => {
    const before = await writes(finance);
    const result = await fx.call(POST_ENTRY, {
      i: {
        date: '2026-03-05',
        memo: 'Typo',
        lines: [
          { accountId: accounts['1010'], debit: usd('500.00') },
          { accountId: accounts['3000'], credit: usd('499.99') },
        ],
      },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UNBALANCED_ENTRY', debits: '50000', credits: '49999' });
    expect(await writes(finance)).toEqual(before);
  });

  it('has the database itself refuse an unbalanced entry, an entry without lines, and any change to a posted one', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const raw = (lines: [string, number, number][]) =>
      finance.dataSource.transaction(async (m) => {
        const id = randomUUID();
        await m.query(`INSERT INTO journal_entries (id, entry_date, memo, source_type) VALUES ($1, '2026-03-05', 'raw', 'manual')`, [id]);
        for (const [account, debit, credit] of lines) {
          await m.query(`INSERT INTO journal_lines (entry_id, entry_date, account_id, debit_minor, credit_minor) VALUES ($1, '2026-03-05', $2, $3, $4)`, [
            id,
            account,
            debit,
            credit,
          ]);
        }
        return id;
      });
    const before = await writes(finance);
    await expect(
      raw([
        [accounts['1010'], 100, 0],
        [accounts['3000'], 0, 99],
      ]),
    ).rejects.toMatchObject({ constraint: 'journal_entry_balanced' });
    await expect(raw([])).rejects.toMatchObject({ constraint: 'journal_entry_balanced' });
    expect(await writes(finance)).toEqual(before);
    const id = await raw([
      [accounts['1010'], 100, 0],
      [accounts['3000'], 0, 100],
    ]);
    await expect(finance.dataSource.query(`UPDATE journal_lines SET debit_minor = 1 WHERE entry_id = $1`, [id])).rejects.toMatchObject({
      constraint: 'journal_immutable',
    });
    await expect(finance.dataSource.query(`DELETE FROM journal_entries WHERE id = $1`, [id])).rejects.toMatchObject({ constraint: 'journal_immutable' });
    await expect(
      finance.dataSource.query(`INSERT INTO journal_lines (entry_id, entry_date, account_id, debit_minor) VALUES ($1, '2026-03-05', $2, 5)`, [
        id,
        accounts['1010'],
      ]),
    ).rejects.toMatchObject({ constraint: 'journal_immutable' });
  });

  it('closes a period: postings into it are refused with PERIOD_CLOSED and nothing is written, by the service and by the database', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const customer = fx.customer();
    const draft = await fx.draft(customer, '100.00', { issueDate: '2026-01-15' });
    expect((await fx.closePeriod('2026-01-01')).data?.closePeriod.status).toBe('CLOSED');
    expect((await fx.closePeriod('2026-01-01')).errors?.[0].extensions?.code).toBe('PERIOD_STATE');
    const before = await writes(finance);
    const refused = await fx.post(draft.id);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'PERIOD_CLOSED', period: '2026-01-01' });
    const entry = await fx.call(POST_ENTRY, {
      i: {
        date: '2026-01-31',
        memo: 'Late',
        lines: [
          { accountId: accounts['1010'], debit: usd('1.00') },
          { accountId: accounts['3000'], credit: usd('1.00') },
        ],
      },
    });
    expect(entry.errors?.[0].extensions?.code).toBe('PERIOD_CLOSED');
    expect(await writes(finance)).toEqual(before);
    expect((await fx.invoice(draft.id)).status).toBe('DRAFT');
    await expect(
      finance.dataSource.query(`INSERT INTO journal_entries (id, entry_date, memo, source_type) VALUES ($1, '2026-01-10', 'raw', 'manual')`, [randomUUID()]),
    ).rejects.toMatchObject({ constraint: 'journal_period_open' });

    // Reopening is its own permission and is audited with the reason.
    const accountant = { sub: 'u-accountant', roles: [Role.Accountant] };
    const denied = await finance.request(`mutation { reopenPeriod(startsOn: "2026-01-01", reason: "Late invoice") { status } }`, {}, accountant);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await fx.reopenPeriod('2026-01-01')).data?.reopenPeriod.status).toBe('OPEN');
    const [audit] = await finance.dataSource.query(`SELECT action, target, details FROM audit_log WHERE action = 'reopenPeriod'`);
    expect(audit).toEqual({ action: 'reopenPeriod', target: '2026-01-01', details: { reason: 'Late invoice' } });
    expect((await fx.post(draft.id)).data?.postInvoice.status).toBe('POSTED');
  });

  it('keeps an account with postings and deletes one without', async () => {
    const created = await fx.must<{ createAccount: { id: string } }>(
      `mutation { createAccount(input: { code: "6100", name: "Travel", type: EXPENSE }) { id } }`,
      {},
    );
    const taken = await fx.call(`mutation { createAccount(input: { code: "6100", name: "Travel", type: EXPENSE }) { id } }`, {});
    expect(taken.errors?.[0].extensions?.code).toBe('CONFLICT');
    const inUse = await fx.call(`mutation($id: ID!) { deleteAccount(accountId: $id) }`, { id: accounts['1010'] });
    expect(inUse.errors?.[0].extensions?.code).toBe('ACCOUNT_IN_USE');
    expect(
      (await fx.must<{ deleteAccount: string }>(`mutation($id: ID!) { deleteAccount(accountId: $id) }`, { id: created.createAccount.id })).deleteAccount,
    ).toBe(created.createAccount.id);
  });

  it('keeps the trial balance at zero', async () => {
    const tb = await fx.trialBalance();
    expect(tb.totalDebit.amount).toBe(tb.totalCredit.amount);
  });
});
