import { Args, ArgsType, Query, Resolver } from '@nestjs/graphql';
import { DateField, PageArgs, RecordIdField } from '@platform/graphql';
import { Allow } from '@platform/service';
import { today } from '../shared/dates';
import { AgingReport, BalanceSheet, GeneralLedger, ProfitAndLoss, TrialBalance } from './report.model';
import { ReportsService } from './reports.service';

@ArgsType()
export class AsOfArgs {
  @DateField({ optional: true, description: 'YYYY-MM-DD; default today.' })
  asOf?: string | null;
}

@ArgsType()
export class DateRangeArgs {
  @DateField({ description: 'YYYY-MM-DD, included.' })
  from: string;

  @DateField({ description: 'YYYY-MM-DD, included.' })
  to: string;
}

@ArgsType()
export class GeneralLedgerArgs extends PageArgs {
  @RecordIdField('Account')
  accountId: string;

  @DateField({ optional: true, description: 'Default: the first posting.' })
  from?: string | null;

  @DateField({ optional: true, description: 'Default today.' })
  to?: string | null;
}

@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Allow('report.finance:read')
  @Query(() => TrialBalance, { description: 'Every account’s debits and credits up to a date.' })
  trialBalance(@Args() { asOf }: AsOfArgs): Promise<TrialBalance> {
    return this.reports.trialBalance(asOf ?? today());
  }

  @Allow('report.finance:read')
  @Query(() => ProfitAndLoss, { description: 'Income and expenses between two dates (a period, a quarter, a year).' })
  profitAndLoss(@Args() { from, to }: DateRangeArgs): Promise<ProfitAndLoss> {
    return this.reports.profitAndLoss(from, to);
  }

  @Allow('report.finance:read')
  @Query(() => BalanceSheet)
  balanceSheet(@Args() { asOf }: AsOfArgs): Promise<BalanceSheet> {
    return this.reports.balanceSheet(asOf ?? today());
  }

  @Allow('report.finance:read')
  @Query(() => GeneralLedger, { description: 'One account’s postings with the running balance, a page at a time.' })
  generalLedger(@Args() { accountId, from, to, first, after }: GeneralLedgerArgs): Promise<GeneralLedger> {
    return this.reports.generalLedger(accountId, from ?? null, to ?? today(), first, after);
  }

  @Allow('report.finance:read')
  @Query(() => AgingReport, { description: 'Open receivables per customer: current, 1-30, 31-60, 61-90, 90+ days past due.' })
  receivablesAging(@Args() { asOf }: AsOfArgs): Promise<AgingReport> {
    return this.reports.receivablesAging(asOf ?? today());
  }

  @Allow('report.finance:read')
  @Query(() => AgingReport, { description: 'Open payables per vendor, by the same buckets.' })
  payablesAging(@Args() { asOf }: AsOfArgs): Promise<AgingReport> {
    return this.reports.payablesAging(asOf ?? today());
  }
}
