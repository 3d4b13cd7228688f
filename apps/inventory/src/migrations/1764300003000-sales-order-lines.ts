import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SalesOrderLines1764300003000 implements MigrationInterface {
  name = 'SalesOrderLines1764300003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE sales_order_numbers`);
    await db.query(`ALTER TABLE sales_orders DROP CONSTRAINT sales_orders_status_check`);
    await db.query(`
      ALTER TABLE sales_orders
        ADD CONSTRAINT sales_orders_status_check
          CHECK (status IN ('pending', 'reserved', 'partially_reserved', 'partially_shipped', 'shipped', 'cancelled')),
        ADD COLUMN deal_id uuid,
        ADD COLUMN warehouse_id uuid REFERENCES warehouses (id),
        ADD COLUMN cancel_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // One order per deal, however often crm.deal.won arrives.
    await db.query(`CREATE UNIQUE INDEX sales_orders_deal_key ON sales_orders (deal_id) WHERE deal_id IS NOT NULL`);
    await db.query(`CREATE INDEX sales_orders_created_idx ON sales_orders (created_at, id)`);
    await db.query(`
      CREATE TABLE sales_order_lines (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES sales_orders (id),
        position integer NOT NULL,
        -- a product crm sold; inventory may not know it (the line then waits as a backorder)
        product_id uuid NOT NULL,
        description text,
        quantity integer NOT NULL CHECK (quantity > 0),
        shipped_quantity integer NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0),
        unit_price_minor bigint NOT NULL,
        currency text NOT NULL,
        CHECK (shipped_quantity <= quantity),
        UNIQUE (order_id, position)
      )`);
    // Backorders of a product, filled oldest order first.
    await db.query(`CREATE INDEX sales_order_lines_open_product_idx ON sales_order_lines (product_id) WHERE shipped_quantity < quantity`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sales_order_lines`);
    await db.query(`DROP INDEX sales_orders_created_idx`);
    await db.query(`DROP INDEX sales_orders_deal_key`);
    await db.query(`ALTER TABLE sales_orders DROP COLUMN deal_id, DROP COLUMN warehouse_id, DROP COLUMN cancel_reason, DROP COLUMN updated_at`);
    await db.query(`DROP SEQUENCE sales_order_numbers`);
  }
}
