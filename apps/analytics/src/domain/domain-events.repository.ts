import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@platform/events';
import { defineRow, int, type Queryable, text, timestamptz, uuid } from '@platform/database';

/** What crm, finance and inventory reported about a customer, per currency where it is money. */
const customerFacts = defineRow('customer facts', {
  customerId: uuid(),
  wonDeals: int(),
  lostDeals: int(),
  openTickets: int(),
  resolvedTickets: int(),
  orders: int(),
  lastOrderAt: timestamptz().nullable(),
  lastEventAt: timestamptz().nullable(),
  overdueInvoices: int(),
});
export type CustomerFacts = ReturnType<typeof customerFacts.read>;

const moneyByCurrency = defineRow('customer money', {
  customerId: uuid(),
  measure: text<'won' | 'invoiced' | 'paid'>(),
  currency: text(),
  amount: text(),
});
export type CustomerMoney = ReturnType<typeof moneyByCurrency.read>;

/**
 * Other services' events, kept as they came: the customer view is computed
 * from them, and a rebuild replays them.
 */
@Injectable()
export class DomainEventsRepository {
  /** Stores the event once; false when it was already stored (a replay under a pruned inbox). */
  async store(db: Queryable, event: EventEnvelope, customerId: string | null): Promise<boolean> {
    const rows = (await db.query(
      `INSERT INTO domain_events (event_id, type, version, subject, customer_id, occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id) DO NOTHING RETURNING 1`,
      [event.id, event.type, event.version, event.subject, customerId, event.time, JSON.stringify(event.data)],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Deletes the events about a person that name them by any of these
   * identifiers (erasure). Deals, tickets, invoices and orders are the
   * customer's business records and stay.
   */
  async deleteEventsOf(db: Queryable, ids: { emails: string[]; anonymousIds: string[]; contactIds: string[]; leadIds: string[] }): Promise<number> {
    const rows = (await db.query(
      `WITH gone AS (
         DELETE FROM domain_events
          WHERE type IN ('crm.contact.created', 'crm.contact.updated', 'crm.lead.created', 'crm.lead.converted', 'cms.form.submitted', 'cms.content.downloaded')
            AND (lower(data->>'email') = ANY($1::text[]) OR data->>'anonymousId' = ANY($2::text[])
             OR data->>'contactId' = ANY($3::text[]) OR data->>'leadId' = ANY($4::text[]))
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [ids.emails, ids.anonymousIds, ids.contactIds, ids.leadIds],
    )) as { n: number }[];
    return rows[0].n;
  }

  /** Every stored event, oldest first, a page at a time (rebuilds). */
  async page(
    db: Queryable,
    after: string | null,
    limit: number,
  ): Promise<{ eventId: string; type: string; occurredAt: Date; data: Record<string, unknown> }[]> {
    const rows = (await db.query(
      `SELECT event_id, type, occurred_at, data FROM domain_events WHERE ($1::uuid IS NULL OR event_id > $1::uuid) ORDER BY event_id LIMIT $2`,
      [after, limit],
    )) as { event_id: string; type: string; occurred_at: Date; data: Record<string, unknown> }[];
    return rows.map((r) => ({ eventId: r.event_id, type: r.type, occurredAt: r.occurred_at, data: r.data }));
  }

  /** Counts per customer, in one statement for a batch of customers. A deal is open from its first stage until won or lost. */
  factsOf(db: Queryable, customerIds: readonly string[]): Promise<CustomerFacts[]> {
    return customerFacts.many(
      db,
      `SELECT c.id AS "customerId",
              count(*) FILTER (WHERE e.type = 'crm.deal.won')::int AS "wonDeals",
              count(*) FILTER (WHERE e.type = 'crm.deal.lost')::int AS "lostDeals",
              greatest(count(*) FILTER (WHERE e.type = 'crm.ticket.opened') - count(DISTINCT e.subject) FILTER (WHERE e.type = 'crm.ticket.resolved'), 0)::int AS "openTickets",
              count(DISTINCT e.subject) FILTER (WHERE e.type = 'crm.ticket.resolved')::int AS "resolvedTickets",
              count(DISTINCT e.data->>'orderId') FILTER (WHERE e.type = 'inventory.order.shipped')::int AS "orders",
              max(e.occurred_at) FILTER (WHERE e.type = 'inventory.order.shipped') AS "lastOrderAt",
              max(e.occurred_at) AS "lastEventAt",
              (SELECT count(*) FROM domain_events p
                WHERE p.customer_id = c.id AND p.type = 'finance.invoice.posted' AND (p.data->>'dueDate')::date < current_date
                  AND NOT EXISTS (SELECT 1 FROM domain_events x WHERE x.type = 'finance.invoice.paid' AND x.customer_id = c.id AND x.data->>'invoiceId' = p.data->>'invoiceId')
              )::int AS "overdueInvoices"
         FROM unnest($1::uuid[]) AS c(id) LEFT JOIN domain_events e ON e.customer_id = c.id
        GROUP BY c.id`,
      [customerIds],
    );
  }

  /** Won deal amounts, invoiced and paid totals per customer and currency, as decimal text (events carry money so). */
  moneyOf(db: Queryable, customerIds: readonly string[]): Promise<CustomerMoney[]> {
    return moneyByCurrency.many(
      db,
      `SELECT e.customer_id AS "customerId", m.measure, m.money->>'currency' AS currency,
              sum((m.money->>'amount')::numeric)::text AS amount
         FROM domain_events e
         CROSS JOIN LATERAL (VALUES
           (CASE e.type WHEN 'crm.deal.won' THEN 'won' WHEN 'finance.invoice.posted' THEN 'invoiced' WHEN 'finance.invoice.paid' THEN 'paid' END,
            CASE e.type WHEN 'crm.deal.won' THEN e.data->'amount' WHEN 'finance.invoice.posted' THEN e.data->'total' WHEN 'finance.invoice.paid' THEN e.data->'amountPaid' END)
         ) AS m(measure, money)
        WHERE e.customer_id = ANY($1::uuid[]) AND m.measure IS NOT NULL
        GROUP BY e.customer_id, m.measure, m.money->>'currency'
        ORDER BY 1, 2, 3`,
      [customerIds],
    );
  }
}
