import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bigintText, defineRow, int, oneOf, type RowOf, text, uuid } from '@platform/database';
import { DealStatus } from './deal.model';

const openTotals = defineRow('open deal totals', {
  month: text().nullable(),
  currency: text(),
  stageId: uuid(),
  openDeals: int(),
  amountMinor: bigintText(),
});
export type OpenDealTotals = RowOf<typeof openTotals>;

const stageProgress = defineRow('stage progress', {
  stageId: uuid(),
  reached: int(),
  advanced: int(),
});
export type StageProgress = RowOf<typeof stageProgress>;

const closedTotals = defineRow('closed deal totals', {
  status: oneOf(DealStatus),
  currency: text(),
  deals: int(),
  amountMinor: bigintText(),
});
export type ClosedDealTotals = RowOf<typeof closedTotals>;

/** Figures over deals and their stage history for the sales reports, aggregated in SQL. */
@Injectable()
export class DealStatistics {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Open deals per month of expected close (null: no date), currency and
   * stage; a month range keeps deals without a date in.
   */
  openTotals(range: { pipelineId?: string | null; from?: string | null; to?: string | null }): Promise<OpenDealTotals[]> {
    return openTotals.many(
      this.dataSource,
      `SELECT to_char(d.expected_close_date, 'YYYY-MM') AS "month", d.currency AS "currency", d.stage_id AS "stageId",
              count(*)::int AS "openDeals", sum(d.amount_minor)::text AS "amountMinor"
       FROM deals d
       WHERE d.status = 'open'
         AND ($1::uuid IS NULL OR d.pipeline_id = $1)
         AND (d.expected_close_date IS NULL OR (
              ($2::text IS NULL OR d.expected_close_date >= to_date($2, 'YYYY-MM'))
          AND ($3::text IS NULL OR d.expected_close_date < to_date($3, 'YYYY-MM') + interval '1 month')))
       GROUP BY 1, 2, 3`,
      [range.pipelineId ?? null, range.from ?? null, range.to ?? null],
    );
  }

  /**
   * Per stage (given in pipeline order as positions): deals that ever
   * entered it (first entry counts), and those that afterwards entered a
   * later stage or were won. Moving back does not count.
   */
  stageProgress(stages: readonly { id: string; position: number }[]): Promise<StageProgress[]> {
    return stageProgress.many(
      this.dataSource,
      `WITH st AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS st(id, position)),
       entered AS (
         SELECT c.deal_id, c.to_stage_id AS stage_id, min(c.changed_at) AS at
         FROM deal_stage_changes c JOIN st ON st.id = c.to_stage_id
         GROUP BY c.deal_id, c.to_stage_id)
       SELECT st.id AS "stageId", count(e.deal_id)::int AS reached,
              count(e.deal_id) FILTER (WHERE d.status = 'won' OR EXISTS (
                SELECT 1 FROM deal_stage_changes later JOIN st next ON next.id = later.to_stage_id
                WHERE later.deal_id = e.deal_id AND next.position > st.position AND later.changed_at >= e.at))::int AS advanced
       FROM st LEFT JOIN entered e ON e.stage_id = st.id LEFT JOIN deals d ON d.id = e.deal_id
       GROUP BY st.id`,
      [stages.map((s) => s.id), stages.map((s) => s.position)],
    );
  }

  /** Deals closed (won or lost) per status and currency, by close day (UTC, both ends included). */
  closedTotals(range: { from?: string | null; to?: string | null }): Promise<ClosedDealTotals[]> {
    return closedTotals.many(
      this.dataSource,
      `SELECT d.status AS "status", d.currency AS "currency", count(*)::int AS "deals", sum(d.amount_minor)::text AS "amountMinor"
       FROM deals d
       WHERE d.closed_at IS NOT NULL
         AND ($1::date IS NULL OR d.closed_at >= $1::date::timestamp AT TIME ZONE 'UTC')
         AND ($2::date IS NULL OR d.closed_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')
       GROUP BY d.status, d.currency
       ORDER BY d.currency`,
      [range.from ?? null, range.to ?? null],
    );
  }
}
