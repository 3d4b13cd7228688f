import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DateField, MoneyInput, NestedField, PageArgs, RecordIdField, TextField, TextUpToField, UuidField } from '@platform/graphql';
import { AccountType } from '../ledger.model';

@InputType()
export class CreateAccountInput {
  @Field({ description: '1 to 20 letters, digits, dots or dashes, unique.' })
  @Matches(/^[0-9A-Za-z.-]{1,20}$/, { message: 'code must be 1 to 20 letters, digits, dots or dashes' })
  code: string;

  @TextField(200)
  name: string;

  @Field(() => AccountType)
  @IsEnum(AccountType)
  type: AccountType;
}

@ArgsType()
export class AccountArgs {
  @RecordIdField('Account')
  accountId: string;
}

@ArgsType()
export class RenameAccountArgs extends AccountArgs {
  @TextField(200)
  name: string;
}

@InputType()
export class JournalLineInput {
  @UuidField({ description: 'The account.' })
  accountId: string;

  @NestedField(MoneyInput, { optional: true, description: 'In the functional currency; give a debit or a credit.' })
  debit?: MoneyInput | null;

  @NestedField(MoneyInput, { optional: true, description: 'In the functional currency.' })
  credit?: MoneyInput | null;

  @TextUpToField(500, { trim: true, optional: true })
  memo?: string | null;
}

@InputType()
export class JournalEntryInput {
  @DateField({ description: 'YYYY-MM-DD, in an open period.' })
  date: string;

  @TextField(500)
  memo: string;

  @NestedField(JournalLineInput, { list: true, description: '2 to 200 lines whose debits equal their credits.' }, IsArray(), ArrayMinSize(1), ArrayMaxSize(200))
  lines: JournalLineInput[];
}

@ArgsType()
export class ReverseEntryArgs {
  @RecordIdField('JournalEntry')
  entryId: string;

  @DateField({ description: 'The reversal’s date, in an open period.' })
  date: string;

  @TextUpToField(500, { trim: true, optional: true })
  memo?: string | null;
}

@ArgsType()
export class EntryArgs {
  @RecordIdField('JournalEntry')
  entryId: string;
}

@ArgsType()
export class JournalEntriesArgs extends PageArgs {
  @DateField({ optional: true, description: 'Dated on or after.' })
  from?: string | null;

  @DateField({ optional: true, description: 'Dated on or before.' })
  to?: string | null;
}

@ArgsType()
export class PeriodArgs {
  @Field({ description: 'The first day of the month, YYYY-MM-01.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-01$/, { message: 'startsOn must be the first day of a month, YYYY-MM-01' })
  startsOn: string;
}

@ArgsType()
export class ReopenPeriodArgs extends PeriodArgs {
  @TextField(500, { description: 'Why, for the audit log.' })
  reason: string;
}

@ArgsType()
export class FiscalPeriodsArgs {
  @Field(() => Int, { description: 'The fiscal (calendar) year.' })
  @IsInt()
  @Min(1900)
  @Max(9999)
  year: number;
}

@ArgsType()
export class RatesArgs {
  @Field(() => String, { nullable: true, description: 'One currency; default all.' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string | null;
}
