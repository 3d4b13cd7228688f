import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReservations1764300002000 implements MigrationInterface {
  name = 'CreateReservations1764300002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reservations (
        id uuid PRIMARY KEY,
        product_id uuid NOT NULL REFERENCES products (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        -- what is still held: shipments consume it, a release or expiry frees it
        quantity integer NOT NULL CHECK (quantity >= 0),
        order_line_id uuid,
        status text NOT NULL CHECK (status IN ('open', 'consumed', 'released', 'expired')),
        -- null: confirmed (an order's, or a hold someone confirmed); else released at that time
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at)),
        closed_at timestamptz,
        CHECK ((status = 'open') = (closed_at IS NULL)),
        CHECK (status <> 'open' OR quantity > 0)
      )`);
    // One open reservation per order line: a backorder filled later adds to it.
    await db.query(`CREATE UNIQUE INDEX reservations_open_line_key ON reservations (order_line_id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX reservations_open_stock_idx ON reservations (product_id, warehouse_id) WHERE status = 'open'`);
    // The expiry scheduler's due list.
    await db.query(`CREATE INDEX reservations_due_idx ON reservations (expires_at) WHERE status = 'open' AND expires_at IS NOT NULL`);
    await db.query(`CREATE INDEX reservations_created_idx ON reservations (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reservations`);
  }
}
