import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receivables grown from the stub's invoices table: lines with their tax,
 * draft -> posted -> partially paid -> paid (or cancelled by a credit note),
 * gap-free numbers per year, credit notes, payments and their allocations,
 * and the dated exchange rates the ledger books foreign documents at.
 *
 * Amounts are minor units of the document's currency; the functional_*
 * columns are what the ledger booked in the functional currency.
 * The stub's statuses become the new ones: open -> posted, void -> cancelled.
 */
export class Receivables1763900101000 implements MigrationInterface {
  name = 'Receivables1763900101000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE document_sequences (
        kind text NOT NULL,
        year int NOT NULL,
        last_number int NOT NULL CHECK (last_number > 0),
        PRIMARY KEY (kind, year)
      )`);

    await db.query(`
      CREATE TABLE exchange_rates (
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        valid_from date NOT NULL,
        rate numeric(20, 10) NOT NULL CHECK (rate > 0),
        PRIMARY KEY (currency, valid_from)
      )`);

    await db.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_status_check`);
    await db.query(`UPDATE invoices SET status = CASE status WHEN 'open' THEN 'posted' WHEN 'void' THEN 'cancelled' ELSE status END`);
    await db.query(`ALTER TABLE invoices RENAME COLUMN issued_at TO created_at`);
    await db.query(`ALTER TABLE invoices ALTER COLUMN number DROP NOT NULL`);
    await db.query(`
      ALTER TABLE invoices
        ADD CONSTRAINT invoices_status_check CHECK (status IN ('draft', 'posted', 'partially_paid', 'paid', 'cancelled')),
        ADD COLUMN currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
        ADD COLUMN issue_date date NOT NULL DEFAULT current_date,
        ADD COLUMN due_date date NOT NULL DEFAULT current_date,
        ADD COLUMN deal_id uuid,
        ADD COLUMN order_id uuid,
        ADD COLUMN memo text,
        ADD COLUMN subtotal_minor bigint NOT NULL DEFAULT 0,
        ADD COLUMN tax_minor bigint NOT NULL DEFAULT 0,
        ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
        ADD COLUMN rate numeric(20, 10) NOT NULL DEFAULT 1,
        ADD COLUMN functional_total_minor bigint,
        ADD COLUMN functional_settled_minor bigint NOT NULL DEFAULT 0,
        ADD COLUMN entry_id uuid REFERENCES journal_entries (id),
        ADD COLUMN posted_at timestamptz,
        ADD COLUMN paid_at timestamptz,
        ADD COLUMN cancelled_at timestamptz,
        ADD CONSTRAINT invoices_settled_within_total CHECK (paid_minor + credited_minor <= total_minor),
        ADD CONSTRAINT invoices_number_when_posted CHECK (number IS NOT NULL OR status IN ('draft', 'cancelled'))`);
    // The stub kept every invoice in the functional currency, USD unless configured: its rows become USD invoices.
    await db.query(`ALTER TABLE invoices ALTER COLUMN currency DROP DEFAULT`);
    await db.query(`UPDATE invoices SET created_at = date_trunc('milliseconds', created_at)`);
    await db.query(`ALTER TABLE invoices ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())`);
    // openBalance, overdueAmount and payment matching read a customer's open invoices, oldest due first.
    await db.query(`DROP INDEX invoices_open_customer_idx`);
    await db.query(`
      CREATE INDEX invoices_open_customer_idx ON invoices (customer_id, due_date, id)
        INCLUDE (total_minor, paid_minor, credited_minor, functional_total_minor, functional_settled_minor, currency)
        WHERE status IN ('posted', 'partially_paid')`);
    await db.query(`CREATE INDEX invoices_customer_created_idx ON invoices (customer_id, created_at, id)`);
    await db.query(`CREATE INDEX invoices_created_idx ON invoices (created_at, id)`);
    // One invoice per won deal, whatever the event redelivery.
    await db.query(`CREATE UNIQUE INDEX invoices_deal_idx ON invoices (deal_id) WHERE deal_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE invoice_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position int NOT NULL,
        product_id uuid,
        description text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        tax_rate_bp int NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        net_minor bigint NOT NULL,
        tax_minor bigint NOT NULL,
        UNIQUE (invoice_id, position)
      )`);

    await db.query(`
      CREATE TABLE credit_notes (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        customer_id uuid NOT NULL,
        currency text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
        functional_minor bigint NOT NULL,
        reason text NOT NULL,
        issue_date date NOT NULL,
        entry_id uuid NOT NULL REFERENCES journal_entries (id),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id)`);

    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        reference text,
        currency text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        unapplied_minor bigint NOT NULL CHECK (unapplied_minor >= 0 AND unapplied_minor <= amount_minor),
        received_on date NOT NULL,
        rate numeric(20, 10) NOT NULL,
        functional_amount_minor bigint NOT NULL,
        functional_unapplied_minor bigint NOT NULL CHECK (functional_unapplied_minor >= 0),
        entry_id uuid NOT NULL REFERENCES journal_entries (id),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX payments_customer_idx ON payments (customer_id, created_at, id)`);
    await db.query(`CREATE INDEX payments_credit_idx ON payments (customer_id, currency, created_at) WHERE unapplied_minor > 0`);

    await db.query(`
      CREATE TABLE payment_allocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments (id),
        invoice_id uuid NOT NULL REFERENCES invoices (id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        functional_minor bigint NOT NULL,
        entry_id uuid NOT NULL REFERENCES journal_entries (id),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX payment_allocations_invoice_idx ON payment_allocations (invoice_id)`);
    await db.query(`CREATE INDEX payment_allocations_payment_idx ON payment_allocations (payment_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payment_allocations, payments, credit_notes, invoice_lines, exchange_rates, document_sequences`);
  }
}
