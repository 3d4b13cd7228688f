import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvoices1763900000000 implements MigrationInterface {
  name = 'CreateInvoices1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        number text NOT NULL UNIQUE,
        total_minor bigint NOT NULL CHECK (total_minor >= 0),
        paid_minor bigint NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
        status text NOT NULL CHECK (status IN ('open', 'paid', 'void')),
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    // openBalance reads only open invoices of a batch of customers.
    await db.query(`CREATE INDEX invoices_open_customer_idx ON invoices (customer_id) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE invoices`);
  }
}
