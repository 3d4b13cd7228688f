import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { badUserInput, groupByKey, loaderFor, moneyFromMinor, type RequestContext, toConnection } from '@platform/graphql';
import { Allow, SERVICE_CONFIG } from '@platform/service';
import type { FinanceConfig } from '../finance.config';
import { toMinor } from '../shared/amounts';
import { AccountsService } from './accounts.service';
import {
  AccountArgs,
  CreateAccountInput,
  EntryArgs,
  FiscalPeriodsArgs,
  JournalEntriesArgs,
  JournalEntryInput,
  PeriodArgs,
  RenameAccountArgs,
  ReopenPeriodArgs,
  ReverseEntryArgs,
} from './dto/ledger.inputs';
import { JournalService } from './journal.service';
import type { LineDraft } from './journal-rules';
import { Account, FiscalPeriod, JournalEntry, JournalEntryConnection, JournalLine } from './ledger.model';
import type { LineRow } from './ledger.repository';
import { PeriodsService } from './periods.service';

@Resolver(() => Account)
export class AccountsResolver {
  constructor(private readonly service: AccountsService) {}

  @Allow('account:read')
  @Query(() => [Account], { description: 'The chart of accounts, by code.' })
  accounts(): Promise<Account[]> {
    return this.service.list();
  }

  @Allow('account:manage')
  @Mutation(() => Account, { description: 'Adds an account. CONFLICT when the code is taken.' })
  createAccount(@Args('input') input: CreateAccountInput, @Context() context: RequestContext): Promise<Account> {
    return this.service.create(input, context.identity);
  }

  @Allow('account:manage')
  @Mutation(() => Account)
  renameAccount(@Args() { accountId, name }: RenameAccountArgs, @Context() context: RequestContext): Promise<Account> {
    return this.service.rename(accountId, name, context.identity);
  }

  @Allow('account:manage')
  @Mutation(() => ID, { description: 'Deletes an account without postings. ACCOUNT_IN_USE otherwise.' })
  deleteAccount(@Args() { accountId }: AccountArgs, @Context() context: RequestContext): Promise<string> {
    return this.service.delete(accountId, context.identity);
  }
}

@Resolver(() => JournalEntry)
export class JournalResolver {
  constructor(
    private readonly journal: JournalService,
    @Inject(SERVICE_CONFIG) private readonly config: FinanceConfig,
  ) {}

  @Allow('journal:read')
  @Query(() => JournalEntry)
  journalEntry(@Args() { entryId }: EntryArgs): Promise<JournalEntry> {
    return this.journal.get(entryId);
  }

  @Allow('journal:read')
  @Query(() => JournalEntryConnection, { description: 'Entries in the order they were posted, optionally within dates.' })
  async journalEntries(@Args() { first, after, from, to }: JournalEntriesArgs): Promise<JournalEntryConnection> {
    const page = await this.journal.list(first, after, from ?? null, to ?? null);
    return toConnection(page, (e) => ({ at: e.createdAt, id: e.id }));
  }

  @Allow('journal:post')
  @Mutation(() => JournalEntry, { description: 'Posts a manual entry in the functional currency. UNBALANCED_ENTRY, PERIOD_CLOSED.' })
  postJournalEntry(@Args('input') input: JournalEntryInput, @Context() context: RequestContext): Promise<JournalEntry> {
    const currency = this.config.FINANCE_CURRENCY;
    const side = (money: { amount: string; currency: string } | null | undefined, field: string): bigint => {
      if (!money) return 0n;
      if (money.currency !== currency) throw badUserInput(`${field} must be in ${currency}, the functional currency`, { [field]: [`in ${currency}`] });
      return toMinor(money, field);
    };
    const lines: LineDraft[] = input.lines.map((l, i) => ({
      accountId: l.accountId,
      debit: side(l.debit, `lines.${i}.debit`),
      credit: side(l.credit, `lines.${i}.credit`),
      memo: l.memo ?? null,
    }));
    return this.journal.postManual({ date: input.date, memo: input.memo, lines }, context.identity);
  }

  @Allow('journal:post')
  @Mutation(() => JournalEntry, { description: 'Reverses a manual entry once. ENTRY_IMMUTABLE for a document’s entry or one already reversed.' })
  reverseJournalEntry(@Args() { entryId, date, memo }: ReverseEntryArgs, @Context() context: RequestContext): Promise<JournalEntry> {
    return this.journal.reverse(entryId, date, memo ?? null, context.identity);
  }

  @Allow('journal:read')
  @ResolveField(() => [JournalLine])
  async lines(@Parent() entry: JournalEntry, @Context() context: RequestContext): Promise<JournalLine[]> {
    const rows = await loaderFor<string, LineRow[]>(context, 'entryLines', async (ids) =>
      groupByKey(ids, await this.journal.linesOf(ids), (l) => l.entryId),
    ).load(entry.id);
    const currency = this.config.FINANCE_CURRENCY;
    return rows.map((l) => ({ ...l, debit: moneyFromMinor(l.debitMinor, currency), credit: moneyFromMinor(l.creditMinor, currency) }));
  }
}

@Resolver(() => FiscalPeriod)
export class PeriodsResolver {
  constructor(private readonly periods: PeriodsService) {}

  @Allow('journal:read')
  @Query(() => [FiscalPeriod], { description: 'The periods of a year that were used or closed.' })
  fiscalPeriods(@Args() { year }: FiscalPeriodsArgs): Promise<FiscalPeriod[]> {
    return this.periods.list(year);
  }

  @Allow('period:close')
  @Mutation(() => FiscalPeriod, { description: 'Closes a month: it takes no more postings. PERIOD_STATE when already closed.' })
  closePeriod(@Args() { startsOn }: PeriodArgs, @Context() context: RequestContext): Promise<FiscalPeriod> {
    return this.periods.close(startsOn, context.identity);
  }

  @Allow('period:reopen')
  @Mutation(() => FiscalPeriod, { description: 'Reopens a closed month (audited, with the reason).' })
  reopenPeriod(@Args() { startsOn, reason }: ReopenPeriodArgs, @Context() context: RequestContext): Promise<FiscalPeriod> {
    return this.periods.reopen(startsOn, reason, context.identity);
  }
}
