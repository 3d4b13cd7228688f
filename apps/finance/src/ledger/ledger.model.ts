import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

export enum AccountType {
  ASSET = 'asset',
  LIABILITY = 'liability',
  EQUITY = 'equity',
  INCOME = 'income',
  EXPENSE = 'expense',
}
registerEnumType(AccountType, {
  name: 'AccountType',
  description: 'Assets, liabilities and equity make the balance sheet; income and expense the profit and loss.',
});

export enum PeriodStatus {
  OPEN = 'open',
  CLOSED = 'closed',
}
registerEnumType(PeriodStatus, { name: 'PeriodStatus' });

export enum EntrySource {
  MANUAL = 'manual',
  REVERSAL = 'reversal',
  INVOICE = 'invoice',
  CREDIT_NOTE = 'credit_note',
  PAYMENT = 'payment',
  CREDIT_APPLICATION = 'credit_application',
  SHIPMENT = 'shipment',
  BILL = 'bill',
  BILL_PAYMENT = 'bill_payment',
}
registerEnumType(EntrySource, { name: 'JournalEntrySource', description: 'What wrote the entry: a person (MANUAL, REVERSAL) or a document.' });

@ObjectType({ description: 'An account of the chart of accounts.' })
export class Account {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Unique code, e.g. 1100.' })
  code: string;

  @Field()
  name: string;

  @Field(() => AccountType)
  type: AccountType;

  @Field(() => String, { nullable: true, description: 'Set on the accounts postings use by themselves (receivable, revenue, tax, ...).' })
  systemKey: string | null;
}

@ObjectType({ description: 'A month of the fiscal year (the calendar year). A closed period takes no postings.' })
export class FiscalPeriod {
  @Field({ description: 'First day, YYYY-MM-DD.' })
  startsOn: string;

  @Field({ description: 'Last day, YYYY-MM-DD.' })
  endsOn: string;

  @Field(() => PeriodStatus)
  status: PeriodStatus;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  closedBy: string | null;
}

@ObjectType({ description: 'One line of a journal entry, in the functional currency.' })
export class JournalLine {
  @Field(() => ID)
  accountId: string;

  @Field()
  accountCode: string;

  @Field(() => Money)
  debit: Money;

  @Field(() => Money)
  credit: Money;

  @Field(() => ID, { nullable: true })
  customerId: string | null;

  @Field(() => ID, { nullable: true })
  vendorId: string | null;

  @Field(() => String, { nullable: true })
  memo: string | null;
}

@ObjectType({ description: 'A posted, balanced and final journal entry; corrected only by a reversal.' })
export class JournalEntry {
  @Field(() => ID)
  id: string;

  @Field({ description: 'YYYY-MM-DD; the period it falls in.' })
  date: string;

  @Field()
  memo: string;

  @Field(() => EntrySource)
  source: EntrySource;

  @Field(() => ID, { nullable: true, description: 'The document that wrote it (invoice, payment, ...).' })
  sourceId: string | null;

  @Field(() => ID, { nullable: true, description: 'The entry this one reverses.' })
  reversesId: string | null;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class JournalEntryConnection extends Connection(JournalEntry) {}
