import { Injectable } from '@nestjs/common';
import type { Queryable } from '@platform/database';

export interface PeriodCounts {
  leadsCreated: number;
  leadsToOpportunity: number;
  won: number;
  lost: number;
  cycleDays: number | null;
  resolutionHours: number | null;
  fulfilmentHours: number | null;
  activeBefore: number;
  churned: number;
}

export interface CurrencyAmount {
  currency: string;
  amount: string;
}

/**
 * The metrics' SQL, all over domain_events (crm, finance and inventory as
 * they reported), for events in [from, to).
 */
@Injectable()
export class MetricsRepository {
  async counts(db: Queryable, from: Date, to: Date): Promise<PeriodCounts> {
    const [row] = (await db.query(
      `WITH period AS (SELECT * FROM domain_events WHERE occurred_at >= $1 AND occurred_at < $2)
       SELECT
         (SELECT count(*) FROM period WHERE type = 'crm.lead.created')::int AS "leadsCreated",
         (SELECT count(*) FROM period WHERE type = 'crm.lead.converted' AND data->>'dealId' IS NOT NULL)::int AS "leadsToOpportunity",
         (SELECT count(*) FROM period WHERE type = 'crm.deal.won')::int AS won,
         (SELECT count(*) FROM period WHERE type = 'crm.deal.lost')::int AS lost,
         (SELECT avg(extract(epoch FROM w.occurred_at - c.occurred_at) / 86400)::float8
            FROM period w JOIN domain_events c ON c.type = 'crm.lead.converted' AND c.data->>'dealId' = w.data->>'dealId'
           WHERE w.type = 'crm.deal.won') AS "cycleDays",
         (SELECT avg((data->>'resolutionSeconds')::numeric / 3600)::float8 FROM period WHERE type = 'crm.ticket.resolved') AS "resolutionHours",
         (SELECT avg(extract(epoch FROM s.occurred_at - w.occurred_at) / 3600)::float8
            FROM period s JOIN domain_events w ON w.type = 'crm.deal.won' AND w.data->>'dealId' = s.data->>'dealId'
           WHERE s.type = 'inventory.order.shipped') AS "fulfilmentHours",
         (SELECT count(DISTINCT customer_id) FROM domain_events WHERE customer_id IS NOT NULL AND occurred_at >= $1 - ($2 - $1) AND occurred_at < $1)::int AS "activeBefore",
         (SELECT count(DISTINCT b.customer_id) FROM domain_events b
           WHERE b.customer_id IS NOT NULL AND b.occurred_at >= $1 - ($2 - $1) AND b.occurred_at < $1
             AND NOT EXISTS (SELECT 1 FROM period p WHERE p.customer_id = b.customer_id))::int AS churned`,
      [from, to],
    )) as PeriodCounts[];
    return row;
  }

  /** Averages per currency of a money field of one event type, in the period (or up to `to` when from is null). */
  async averages(db: Queryable, type: string, field: string, from: Date, to: Date): Promise<CurrencyAmount[]> {
    return (await db.query(
      `SELECT data->$3::text->>'currency' AS currency, avg((data->$3::text->>'amount')::numeric)::text AS amount
         FROM domain_events WHERE type = $4 AND occurred_at >= $1 AND occurred_at < $2
        GROUP BY 1 ORDER BY 1`,
      [from, to, field, type],
    )) as CurrencyAmount[];
  }

  /** Customer lifetime value: what was invoiced to each customer up to `to`, averaged over customers invoiced at all, per currency. */
  async lifetimeValue(db: Queryable, to: Date): Promise<CurrencyAmount[]> {
    return (await db.query(
      `SELECT currency, avg(total)::text AS amount FROM (
         SELECT customer_id, data->'total'->>'currency' AS currency, sum((data->'total'->>'amount')::numeric) AS total
           FROM domain_events WHERE type = 'finance.invoice.posted' AND customer_id IS NOT NULL AND occurred_at < $1
          GROUP BY 1, 2) per_customer
       GROUP BY currency ORDER BY currency`,
      [to],
    )) as CurrencyAmount[];
  }
}
