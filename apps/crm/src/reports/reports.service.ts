import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badUserInput, moneyFromMinor, notFound } from '@platform/graphql';
import type { ForecastArgs, ForecastBucket, StageConversion, WinRate, WinRateArgs } from './report.model';

/** Sales reports, aggregated in SQL. */
@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  async pipelineForecast({ pipelineId, from, to }: ForecastArgs): Promise<ForecastBucket[]> {
    if (from && to && from > to) throw badUserInput(`from ${from} is after to ${to}`, { from: ['must not be after to'] });
    if (pipelineId) await this.requirePipeline(pipelineId);
    const rows: { month: string | null; currency: string; openDeals: number; amount: string; weighted: string }[] = await this.dataSource.query(
      `SELECT to_char(d.expected_close_date, 'YYYY-MM') AS month, d.currency, count(*)::int AS "openDeals",
              sum(d.amount_minor)::text AS amount, round(sum(d.amount_minor::numeric * s.probability) / 100)::text AS weighted
       FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
       WHERE d.status = 'open'
         AND ($1::uuid IS NULL OR d.pipeline_id = $1)
         AND (d.expected_close_date IS NULL OR (
              ($2::text IS NULL OR d.expected_close_date >= to_date($2, 'YYYY-MM'))
          AND ($3::text IS NULL OR d.expected_close_date < to_date($3, 'YYYY-MM') + interval '1 month')))
       GROUP BY 1, 2
       ORDER BY 1 NULLS LAST, 2`,
      [pipelineId ?? null, from ?? null, to ?? null],
    );
    return rows.map((r) => ({
      month: r.month,
      currency: r.currency,
      openDeals: r.openDeals,
      amount: moneyFromMinor(r.amount, r.currency),
      weightedAmount: moneyFromMinor(r.weighted, r.currency),
    }));
  }

  /**
   * Per stage: deals that ever entered it (first entry counts), and those that
   * afterwards entered a later stage or were won. Moving back does not count.
   */
  async stageConversion(pipelineId?: string): Promise<StageConversion[]> {
    const id = pipelineId ?? (await this.dataSource.query(`SELECT id FROM pipelines WHERE is_default`))[0]?.id;
    if (pipelineId) await this.requirePipeline(pipelineId);
    if (!id) return [];
    const rows: { id: string; pipelineId: string; name: string; position: number; probability: number; reached: number; advanced: number }[] =
      await this.dataSource.query(
        `WITH st AS (SELECT id, pipeline_id, name, position, probability FROM pipeline_stages WHERE pipeline_id = $1),
         entered AS (
           SELECT c.deal_id, c.to_stage_id AS stage_id, min(c.changed_at) AS at
           FROM deal_stage_changes c JOIN st ON st.id = c.to_stage_id
           GROUP BY c.deal_id, c.to_stage_id)
         SELECT st.id, st.pipeline_id AS "pipelineId", st.name, st.position, st.probability,
                count(e.deal_id)::int AS reached,
                count(e.deal_id) FILTER (WHERE d.status = 'won' OR EXISTS (
                  SELECT 1 FROM deal_stage_changes later JOIN st next ON next.id = later.to_stage_id
                  WHERE later.deal_id = e.deal_id AND next.position > st.position AND later.changed_at >= e.at))::int AS advanced
         FROM st LEFT JOIN entered e ON e.stage_id = st.id LEFT JOIN deals d ON d.id = e.deal_id
         GROUP BY st.id, st.pipeline_id, st.name, st.position, st.probability
         ORDER BY st.position`,
        [id],
      );
    return rows.map(({ reached, advanced, ...stage }) => ({ stage, reached, advanced, conversionRate: reached ? Math.round((advanced / reached) * 10000) / 10000 : null }));
  }

  async winRate({ from, to }: WinRateArgs): Promise<WinRate> {
    if (from && to && from > to) throw badUserInput(`from ${from} is after to ${to}`, { from: ['must not be after to'] });
    const rows: { status: string; currency: string; deals: number; amount: string }[] = await this.dataSource.query(
      `SELECT status, currency, count(*)::int AS deals, sum(amount_minor)::text AS amount
       FROM deals
       WHERE closed_at IS NOT NULL
         AND ($1::date IS NULL OR closed_at >= $1::date::timestamp AT TIME ZONE 'UTC')
         AND ($2::date IS NULL OR closed_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')
       GROUP BY status, currency
       ORDER BY currency`,
      [from ?? null, to ?? null],
    );
    const won = rows.filter((r) => r.status === 'won').reduce((n, r) => n + r.deals, 0);
    const lost = rows.filter((r) => r.status === 'lost').reduce((n, r) => n + r.deals, 0);
    return {
      won,
      lost,
      rate: won + lost ? Math.round((won / (won + lost)) * 10000) / 10000 : null,
      wonAmounts: rows.filter((r) => r.status === 'won').map((r) => moneyFromMinor(r.amount, r.currency)),
    };
  }

  private async requirePipeline(id: string): Promise<void> {
    if (!(await this.dataSource.query(`SELECT 1 FROM pipelines WHERE id = $1`, [id])).length) throw notFound('Pipeline', id);
  }
}
