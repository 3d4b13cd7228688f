import { Injectable } from '@nestjs/common';
import { badUserInput, moneyFromMinor } from '@platform/graphql';
import { DealStatistics } from '../deals/deal-statistics';
import { DealStatus } from '../deals/deal.model';
import { PipelinesService } from '../pipelines/pipelines.service';
import type { ForecastArgs, ForecastBucket, StageConversion, WinRate, WinRateArgs } from './report.model';

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 10000 : null);

/** Sales reports: the deals area aggregates in SQL, the pipelines area names the stages. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly deals: DealStatistics,
    private readonly pipelines: PipelinesService,
  ) {}

  /** Open deals per month and currency, weighted by their stage's probability (rounded once per bucket, half up). */
  async pipelineForecast({ pipelineId, from, to }: ForecastArgs): Promise<ForecastBucket[]> {
    if (from && to && from > to) throw badUserInput(`from ${from} is after to ${to}`, { from: ['must not be after to'] });
    if (pipelineId) await this.pipelines.get(pipelineId);
    const totals = await this.deals.openTotals({ pipelineId, from, to });
    const probability = new Map((await this.pipelines.stagesByIds(totals.map((t) => t.stageId))).map((s) => [s.id, BigInt(s.probability)]));
    const buckets = new Map<string, { month: string | null; currency: string; openDeals: number; amount: bigint; weighted: bigint }>();
    for (const t of totals) {
      const key = `${t.month}|${t.currency}`;
      const bucket = buckets.get(key) ?? { month: t.month, currency: t.currency, openDeals: 0, amount: 0n, weighted: 0n };
      bucket.openDeals += t.openDeals;
      bucket.amount += BigInt(t.amountMinor);
      bucket.weighted += BigInt(t.amountMinor) * (probability.get(t.stageId) ?? 0n);
      buckets.set(key, bucket);
    }
    // By month, deals without a date last, then by currency.
    const order = (b: { month: string | null; currency: string }) => `${b.month ?? '9999-99'} ${b.currency}`;
    return [...buckets.values()]
      .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
      .map((b) => ({
        month: b.month,
        currency: b.currency,
        openDeals: b.openDeals,
        amount: moneyFromMinor(b.amount, b.currency),
        weightedAmount: moneyFromMinor((b.weighted + 50n) / 100n, b.currency),
      }));
  }

  /**
   * Per stage: deals that ever entered it (first entry counts), and those that
   * afterwards entered a later stage or were won. Moving back does not count.
   */
  async stageConversion(pipelineId?: string): Promise<StageConversion[]> {
    const pipeline = pipelineId ? await this.pipelines.get(pipelineId) : await this.pipelines.findDefault();
    if (!pipeline) return [];
    const stages = await this.pipelines.stagesOf([pipeline.id]);
    const progress = new Map((await this.deals.stageProgress(stages)).map((p) => [p.stageId, p]));
    return stages.map((stage) => {
      const { reached, advanced } = progress.get(stage.id) ?? { reached: 0, advanced: 0 };
      return { stage, reached, advanced, conversionRate: ratio(advanced, reached) };
    });
  }

  async winRate({ from, to }: WinRateArgs): Promise<WinRate> {
    if (from && to && from > to) throw badUserInput(`from ${from} is after to ${to}`, { from: ['must not be after to'] });
    const totals = await this.deals.closedTotals({ from, to });
    const won = totals.filter((t) => t.status === DealStatus.WON);
    const wonCount = won.reduce((n, t) => n + t.deals, 0);
    const lostCount = totals.filter((t) => t.status === DealStatus.LOST).reduce((n, t) => n + t.deals, 0);
    return {
      won: wonCount,
      lost: lostCount,
      rate: ratio(wonCount, wonCount + lostCount),
      wonAmounts: won.map((t) => moneyFromMinor(t.amountMinor, t.currency)),
    };
  }
}
