import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payables: vendors (keyed by inventory's supplier id, created with their
 * first bill), vendor bills (draft -> posted -> partially paid -> paid, a
 * gap-free BILL-YYYY-NNNNNN number when posted) with their lines, and bill
 * payments.
 */
export class Payables1763900102000 implements MigrationInterface {
  name = 'Payables1763900102000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE vendors (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`
      CREATE TABLE bills (
        id uuid PRIMARY KEY,
        number text UNIQUE,
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        vendor_reference text,
        purchase_order_id uuid,
        receipt_id uuid UNIQUE,
        status text NOT NULL CHECK (status IN ('draft', 'posted', 'partially_paid', 'paid', 'cancelled')),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        issue_date date NOT NULL,
        due_date date NOT NULL,
        subtotal_minor bigint NOT NULL,
        tax_minor bigint NOT NULL,
        total_minor bigint NOT NULL CHECK (total_minor >= 0),
        paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
        rate numeric(20, 10) NOT NULL DEFAULT 1,
        functional_total_minor bigint,
        functional_settled_minor bigint NOT NULL DEFAULT 0,
        entry_id uuid REFERENCES journal_entries (id),
        posted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (number IS NOT NULL OR status IN ('draft', 'cancelled'))
      )`);
    await db.query(`CREATE INDEX bills_created_idx ON bills (created_at, id)`);
    await db.query(`
      CREATE INDEX bills_open_vendor_idx ON bills (vendor_id, due_date, id) INCLUDE (total_minor, paid_minor, functional_total_minor, functional_settled_minor)
        WHERE status IN ('posted', 'partially_paid')`);
    await db.query(`
      CREATE TABLE bill_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bill_id uuid NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
        position int NOT NULL,
        product_id uuid,
        description text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        tax_rate_bp int NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        net_minor bigint NOT NULL,
        tax_minor bigint NOT NULL,
        UNIQUE (bill_id, position)
      )`);
    await db.query(`
      CREATE TABLE bill_payments (
        id uuid PRIMARY KEY,
        bill_id uuid NOT NULL REFERENCES bills (id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        functional_minor bigint NOT NULL,
        paid_on date NOT NULL,
        entry_id uuid NOT NULL REFERENCES journal_entries (id),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX bill_payments_bill_idx ON bill_payments (bill_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bill_payments, bill_lines, bills, vendors`);
  }
}
