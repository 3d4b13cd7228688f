import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Traits the views leave out: the personal data analysts work without (people/people-rules.ts). */
const PERSONAL = `ARRAY['email','phone','name','firstName','lastName','username','address','street','city','postalCode','zip','birthday','age','gender','avatar','ip']`;

/**
 * Read-only SQL for analysts and BI tools: documented views in their own
 * schema, `analyst`, and a NOLOGIN role `analytics_reader` that may read
 * them and nothing else (an operator grants it to a login role). The views
 * leave personal data out: emails are SHA-256 hashes, personal traits and
 * event context (IP, user agent) are dropped.
 */
export class AnalystViews1764300003000 implements MigrationInterface {
  name = 'AnalystViews1764300003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA analyst`);
    await db.query(`
      CREATE VIEW analyst.identities AS
      SELECT i.profile_id, i.kind,
             CASE WHEN i.kind = 'email' THEN encode(sha256(convert_to(i.value, 'UTF8')), 'hex') ELSE i.value END AS value,
             i.first_seen_at, i.last_seen_at
        FROM identities i`);
    await db.query(`
      CREATE VIEW analyst.profiles AS
      SELECT p.id AS profile_id, p.customer_id, p.traits - ${PERSONAL} AS traits, p.first_seen_at, p.last_seen_at
        FROM person_profiles p`);
    await db.query(`
      CREATE VIEW analyst.events AS
      SELECT e.received_at, e."timestamp", e.type, e.event, e.name, e.user_id, e.anonymous_id,
             coalesce(u.profile_id, a.profile_id) AS profile_id, e.properties, e.traits - ${PERSONAL} AS traits
        FROM raw_events e
        LEFT JOIN identities u ON u.key = 'user_id:' || e.user_id
        LEFT JOIN identities a ON a.key = 'anonymous_id:' || e.anonymous_id`);
    await db.query(`
      CREATE VIEW analyst.customer_360 AS
      SELECT c.customer_id, c.id AS profile_id, c.first_seen_at,
             greatest(people.last_seen_at, facts.last_event_at) AS last_seen_at,
             coalesce(people.people, 0) AS people,
             coalesce(facts.won_deals, 0) AS won_deals,
             coalesce(facts.lost_deals, 0) AS lost_deals,
             coalesce(facts.open_tickets, 0) AS open_tickets,
             coalesce(facts.orders, 0) AS orders,
             facts.last_order_at,
             coalesce(money.won, '{}') AS won_revenue,
             coalesce(money.invoiced, '{}') AS invoiced,
             coalesce(money.paid, '{}') AS paid
        FROM profiles c
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS people, max(p.last_seen_at) AS last_seen_at FROM person_profiles p WHERE p.customer_id = c.customer_id
        ) people ON true
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE e.type = 'crm.deal.won')::int AS won_deals,
                 count(*) FILTER (WHERE e.type = 'crm.deal.lost')::int AS lost_deals,
                 greatest(count(*) FILTER (WHERE e.type = 'crm.ticket.opened') - count(DISTINCT e.subject) FILTER (WHERE e.type = 'crm.ticket.resolved'), 0)::int AS open_tickets,
                 count(DISTINCT e.data->>'orderId') FILTER (WHERE e.type = 'inventory.order.shipped')::int AS orders,
                 max(e.occurred_at) FILTER (WHERE e.type = 'inventory.order.shipped') AS last_order_at,
                 max(e.occurred_at) AS last_event_at
            FROM domain_events e WHERE e.customer_id = c.customer_id
        ) facts ON true
        LEFT JOIN LATERAL (
          SELECT jsonb_object_agg(x.currency, x.amount) FILTER (WHERE x.measure = 'won') AS won,
                 jsonb_object_agg(x.currency, x.amount) FILTER (WHERE x.measure = 'invoiced') AS invoiced,
                 jsonb_object_agg(x.currency, x.amount) FILTER (WHERE x.measure = 'paid') AS paid
            FROM (
              SELECT m.measure, m.money->>'currency' AS currency, sum((m.money->>'amount')::numeric)::text AS amount
                FROM domain_events e
               CROSS JOIN LATERAL (VALUES
                 (CASE e.type WHEN 'crm.deal.won' THEN 'won' WHEN 'finance.invoice.posted' THEN 'invoiced' WHEN 'finance.invoice.paid' THEN 'paid' END,
                  CASE e.type WHEN 'crm.deal.won' THEN e.data->'amount' WHEN 'finance.invoice.posted' THEN e.data->'total' WHEN 'finance.invoice.paid' THEN e.data->'amountPaid' END)
               ) AS m(measure, money)
               WHERE e.customer_id = c.customer_id AND m.measure IS NOT NULL
               GROUP BY 1, 2
            ) x
        ) money ON true`);
    // Roles belong to the server, not the database: made once, and only where the service may make roles.
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analytics_reader') THEN
          CREATE ROLE analytics_reader NOLOGIN;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'analytics_reader not created: the migration user may not create roles; an operator creates it and re-runs the grants (README)';
      END $$`);
    await db.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'analytics_reader') THEN
          EXECUTE format('GRANT CONNECT ON DATABASE %I TO analytics_reader', current_database());
          GRANT USAGE ON SCHEMA analyst TO analytics_reader;
          GRANT SELECT ON ALL TABLES IN SCHEMA analyst TO analytics_reader;
          ALTER DEFAULT PRIVILEGES IN SCHEMA analyst GRANT SELECT ON TABLES TO analytics_reader;
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA analyst CASCADE`);
  }
}
