import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { badUserInput, type Money, moneyFromMinor } from '@platform/graphql';
import { SERVICE_CONFIG } from '@platform/service';
import type { FinanceConfig } from '../finance.config';
import { AccountsService } from '../ledger/accounts.service';
import { AccountType } from '../ledger/ledger.model';
import type { AccountBalance, AgingReport, AgingRow, BalanceSheet, GeneralLedger, ProfitAndLoss, TrialBalance } from './report.model';
import { type AccountSum, type AgingSums, ReportsRepository } from './reports.repository';

const CREDIT_NORMAL = new Set([AccountType.LIABILITY, AccountType.EQUITY, AccountType.INCOME]);
const csv = (rows: (string | number | null)[][]) => stringify(rows);

/** The accountant's reports, each one statement over the ledger (or the open documents), with its CSV. */
@Injectable()
export class ReportsService {
  private readonly currency: string;

  constructor(
    private readonly repository: ReportsRepository,
    private readonly accounts: AccountsService,
    @Inject(SERVICE_CONFIG) config: FinanceConfig,
  ) {
    this.currency = config.FINANCE_CURRENCY;
  }

  private money = (minor: bigint | string): Money => moneyFromMinor(minor, this.currency);

  private balanceOf(sum: AccountSum): AccountBalance {
    const net = BigInt(sum.debit) - BigInt(sum.credit);
    return { ...sum, debit: this.money(sum.debit), credit: this.money(sum.credit), balance: this.money(CREDIT_NORMAL.has(sum.type) ? -net : net) };
  }

  private static sum(rows: readonly AccountSum[], pick: (r: AccountSum) => bigint): bigint {
    return rows.reduce((s, r) => s + pick(r), 0n);
  }

  async trialBalance(asOf: string): Promise<TrialBalance> {
    const sums = await this.repository.accountSums(null, asOf);
    const rows = sums.map((s) => this.balanceOf(s));
    return {
      asOf,
      rows,
      totalDebit: this.money(ReportsService.sum(sums, (r) => BigInt(r.debit))),
      totalCredit: this.money(ReportsService.sum(sums, (r) => BigInt(r.credit))),
      csv: csv([
        ['code', 'name', 'type', 'debit', 'credit', 'balance'],
        ...rows.map((r) => [r.code, r.name, r.type, r.debit.amount, r.credit.amount, r.balance.amount]),
      ]),
    };
  }

  async profitAndLoss(from: string, to: string): Promise<ProfitAndLoss> {
    if (from > to) throw badUserInput(`from ${from} is after to ${to}`, { from: ['on or before to'] });
    const sums = await this.repository.accountSums(from, to, [AccountType.INCOME, AccountType.EXPENSE]);
    const income = sums.filter((s) => s.type === AccountType.INCOME);
    const expenses = sums.filter((s) => s.type === AccountType.EXPENSE);
    const totalIncome = ReportsService.sum(income, (r) => BigInt(r.credit) - BigInt(r.debit));
    const totalExpenses = ReportsService.sum(expenses, (r) => BigInt(r.debit) - BigInt(r.credit));
    const rows = [...income, ...expenses].map((s) => this.balanceOf(s));
    return {
      from,
      to,
      income: rows.filter((r) => r.type === AccountType.INCOME),
      expenses: rows.filter((r) => r.type === AccountType.EXPENSE),
      totalIncome: this.money(totalIncome),
      totalExpenses: this.money(totalExpenses),
      netIncome: this.money(totalIncome - totalExpenses),
      csv: csv([
        ['section', 'code', 'name', 'amount'],
        ...rows.map((r) => [r.type, r.code, r.name, r.balance.amount]),
        ['total', '', 'net income', this.money(totalIncome - totalExpenses).amount],
      ]),
    };
  }

  async balanceSheet(asOf: string): Promise<BalanceSheet> {
    const sums = await this.repository.accountSums(null, asOf);
    const of = (type: AccountType) => sums.filter((s) => s.type === type);
    const natural = (rows: AccountSum[], credit: boolean) => ReportsService.sum(rows, (r) => (credit ? -1n : 1n) * (BigInt(r.debit) - BigInt(r.credit)));
    const earnings = natural(of(AccountType.INCOME), true) - natural(of(AccountType.EXPENSE), false);
    const totalAssets = natural(of(AccountType.ASSET), false);
    const totalLiabilitiesAndEquity = natural(of(AccountType.LIABILITY), true) + natural(of(AccountType.EQUITY), true) + earnings;
    const [assets, liabilities, equity] = [AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY].map((t) => of(t).map((s) => this.balanceOf(s)));
    return {
      asOf,
      assets,
      liabilities,
      equity,
      currentEarnings: this.money(earnings),
      totalAssets: this.money(totalAssets),
      totalLiabilitiesAndEquity: this.money(totalLiabilitiesAndEquity),
      csv: csv([
        ['section', 'code', 'name', 'balance'],
        ...[...assets, ...liabilities, ...equity].map((r) => [r.type, r.code, r.name, r.balance.amount]),
        ['equity', '', 'current earnings', this.money(earnings).amount],
      ]),
    };
  }

  async generalLedger(accountId: string, from: string | null, to: string, first: number, after: string | null | undefined): Promise<GeneralLedger> {
    const account = await this.accounts.get(accountId);
    const cursor = after ? this.decodeLineCursor(after) : null;
    const opening = await this.repository.balanceBefore(accountId, from, cursor);
    const rows = await this.repository.ledgerLines(accountId, from, to, cursor, first + 1, opening);
    const page = rows.slice(0, first);
    const lines = page.map((r) => ({ ...r, debit: this.money(r.debit), credit: this.money(r.credit), balance: this.money(r.balance) }));
    const last = page[page.length - 1];
    return {
      accountId,
      code: account.code,
      name: account.name,
      openingBalance: this.money(opening),
      lines,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(JSON.stringify([last.date, last.lineId])).toString('base64url') : null },
      csv: csv([
        ['date', 'entry', 'memo', 'debit', 'credit', 'balance'],
        ...lines.map((l) => [l.date, l.entryId, l.memo, l.debit.amount, l.credit.amount, l.balance.amount]),
      ]),
    };
  }

  async receivablesAging(asOf: string): Promise<AgingReport> {
    return this.aging(asOf, await this.repository.receivablesAging(asOf), 'customer');
  }

  async payablesAging(asOf: string): Promise<AgingReport> {
    return this.aging(asOf, await this.repository.payablesAging(asOf), 'vendor');
  }

  private aging(asOf: string, sums: AgingSums[], party: string): AgingReport {
    const buckets = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90', 'total'] as const;
    const toRow = (s: Pick<AgingSums, (typeof buckets)[number]> & { partyId: string | null; partyName: string | null }): AgingRow => ({
      partyId: s.partyId,
      partyName: s.partyName,
      ...(Object.fromEntries(buckets.map((b) => [b, this.money(s[b])])) as Record<(typeof buckets)[number], Money>),
    });
    const totals = Object.fromEntries(buckets.map((b) => [b, sums.reduce((t, s) => t + BigInt(s[b]), 0n).toString()])) as Record<
      (typeof buckets)[number],
      string
    >;
    const rows = sums.map(toRow);
    return {
      asOf,
      rows,
      totals: toRow({ ...totals, partyId: null, partyName: null }),
      csv: csv([
        [party, 'name', 'current', '1-30', '31-60', '61-90', '90+', 'total'],
        ...rows.map((r) => [r.partyId, r.partyName, ...buckets.map((b) => r[b].amount)]),
        ['total', null, ...buckets.map((b) => this.money(totals[b]).amount)],
      ]),
    };
  }

  private decodeLineCursor(cursor: string): { date: string; id: string } {
    try {
      const [date, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
      if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || typeof id !== 'string' || !/^\d{1,19}$/.test(id)) throw new Error('shape');
      return { date, id };
    } catch {
      throw badUserInput(`Cursor "${cursor}" is not valid: pass the endCursor of a previous page`);
    }
  }
}
