import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Money, PageInfo } from '@platform/graphql';
import { AccountType } from '../ledger/ledger.model';

@ObjectType({ description: "An account's postings summed over a report's dates, in the functional currency." })
export class AccountBalance {
  @Field(() => ID)
  accountId: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => Money)
  debit: Money;

  @Field(() => Money)
  credit: Money;

  @Field(() => Money, { description: 'debit − credit for assets and expenses; credit − debit for liabilities, equity and income.' })
  balance: Money;
}

@ObjectType({ description: 'Every account with postings up to a date; debits equal credits.' })
export class TrialBalance {
  @Field()
  asOf: string;

  @Field(() => [AccountBalance])
  rows: AccountBalance[];

  @Field(() => Money)
  totalDebit: Money;

  @Field(() => Money)
  totalCredit: Money;

  @Field({ description: 'The report as CSV (header row first).' })
  csv: string;
}

@ObjectType({ description: 'Income and expenses between two dates.' })
export class ProfitAndLoss {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => [AccountBalance])
  income: AccountBalance[];

  @Field(() => [AccountBalance])
  expenses: AccountBalance[];

  @Field(() => Money)
  totalIncome: Money;

  @Field(() => Money)
  totalExpenses: Money;

  @Field(() => Money)
  netIncome: Money;

  @Field()
  csv: string;
}

@ObjectType({ description: 'Assets, liabilities and equity at a date; earnings not yet closed to retained earnings show as current earnings.' })
export class BalanceSheet {
  @Field()
  asOf: string;

  @Field(() => [AccountBalance])
  assets: AccountBalance[];

  @Field(() => [AccountBalance])
  liabilities: AccountBalance[];

  @Field(() => [AccountBalance])
  equity: AccountBalance[];

  @Field(() => Money, { description: 'Income less expenses of all time up to asOf.' })
  currentEarnings: Money;

  @Field(() => Money)
  totalAssets: Money;

  @Field(() => Money, { description: 'Equals totalAssets.' })
  totalLiabilitiesAndEquity: Money;

  @Field()
  csv: string;
}

@ObjectType({ description: 'One posting of an account, with the running balance (debit − credit) after it.' })
export class LedgerLine {
  @Field(() => ID)
  entryId: string;

  @Field()
  date: string;

  @Field()
  memo: string;

  @Field(() => Money)
  debit: Money;

  @Field(() => Money)
  credit: Money;

  @Field(() => Money)
  balance: Money;

  @Field(() => ID, { nullable: true })
  customerId: string | null;

  @Field(() => ID, { nullable: true })
  vendorId: string | null;
}

@ObjectType({ description: "An account's postings between two dates, oldest first, a page at a time." })
export class GeneralLedger {
  @Field(() => ID)
  accountId: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => Money, { description: 'Balance (debit − credit) before the first line of this page.' })
  openingBalance: Money;

  @Field(() => [LedgerLine])
  lines: LedgerLine[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field({ description: 'This page as CSV.' })
  csv: string;
}

@ObjectType({ description: 'What one customer (or vendor) has open, by days past due.' })
export class AgingRow {
  @Field(() => ID, { nullable: true, description: 'Null on the totals row.' })
  partyId: string | null;

  @Field(() => String, { nullable: true, description: 'The vendor’s name (payables); customers are named by crm.' })
  partyName: string | null;

  @Field(() => Money, { description: 'Not yet due.' })
  current: Money;

  @Field(() => Money)
  days1to30: Money;

  @Field(() => Money)
  days31to60: Money;

  @Field(() => Money)
  days61to90: Money;

  @Field(() => Money)
  over90: Money;

  @Field(() => Money)
  total: Money;
}

@ObjectType({ description: 'Open receivables or payables by customer or vendor and age (days past due on asOf), in the functional currency.' })
export class AgingReport {
  @Field()
  asOf: string;

  @Field(() => [AgingRow])
  rows: AgingRow[];

  @Field(() => AgingRow)
  totals: AgingRow;

  @Field()
  csv: string;
}
