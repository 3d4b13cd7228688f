import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSalesOrders1763900000000 implements MigrationInterface {
  name = 'CreateSalesOrders1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sales_orders (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        number text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending', 'reserved', 'shipped', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          -- keyset cursors carry a JavaScript Date: keep the precision they can hold
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    // Customer.orders: newest orders of a batch of customers.
    await db.query(`CREATE INDEX sales_orders_customer_created_idx ON sales_orders (customer_id, created_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sales_orders`);
  }
}
