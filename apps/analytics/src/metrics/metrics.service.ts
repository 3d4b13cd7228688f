import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badUserInput } from '@platform/graphql';
import { pipelineVelocity, ratio, roundedMoney } from './metrics-rules';
import type { Metrics } from './metrics.model';
import { MetricsRepository } from './metrics.repository';

const MAX_PERIOD_MS = 5 * 366 * 86_400_000;
const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

@Injectable()
export class MetricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: MetricsRepository,
  ) {}

  async forPeriod(from: Date, to: Date): Promise<Metrics> {
    if (to <= from) throw badUserInput('period.to must be after period.from', { to: ['must be after from'] });
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw badUserInput('A period may be at most 5 years', { to: ['must be at most 5 years after from'] });
    const db = this.dataSource;
    const counts = await this.repository.counts(db, from, to);
    const [won, invoices, lifetime] = await Promise.all([
      this.repository.averages(db, 'crm.deal.won', 'amount', from, to),
      this.repository.averages(db, 'finance.invoice.posted', 'total', from, to),
      this.repository.lifetimeValue(db, to),
    ]);
    const winRate = ratio(counts.won, counts.won + counts.lost);
    const closed = counts.won + counts.lost;
    return {
      from,
      to,
      leadsCreated: counts.leadsCreated,
      leadToOpportunity: ratio(counts.leadsToOpportunity, counts.leadsCreated),
      opportunityToWin: winRate,
      averageSalesCycleDays: round(counts.cycleDays),
      pipelineVelocity: won.flatMap((w) => {
        const perDay = pipelineVelocity(closed, w.amount, winRate, counts.cycleDays);
        return perDay === null ? [] : [roundedMoney(perDay, w.currency)];
      }),
      averageOrderValue: invoices.map((a) => roundedMoney(a.amount, a.currency)),
      customerLifetimeValue: lifetime.map((a) => roundedMoney(a.amount, a.currency)),
      churnRate: ratio(counts.churned, counts.activeBefore),
      averageTicketResolutionHours: round(counts.resolutionHours),
      averageFulfilmentHours: round(counts.fulfilmentHours),
    };
  }
}
