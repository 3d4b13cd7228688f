import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1763900000000 implements MigrationInterface {
  name = 'CreateCustomers1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          -- keyset cursors carry a JavaScript Date: keep the precision they can hold
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    await db.query(`CREATE UNIQUE INDEX customers_email_lower_key ON customers (lower(email))`);
    await db.query(`CREATE INDEX customers_created_at_id_idx ON customers (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE customers`);
  }
}
