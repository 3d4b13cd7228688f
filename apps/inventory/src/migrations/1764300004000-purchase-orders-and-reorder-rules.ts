import type { MigrationInterface, QueryRunner } from 'typeorm';

const CREATED_AT = `created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at))`;

export class PurchaseOrdersAndReorderRules1764300004000 implements MigrationInterface {
  name = 'PurchaseOrdersAndReorderRules1764300004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE suppliers (id uuid PRIMARY KEY, name text NOT NULL, ${CREATED_AT})`);
    await db.query(`CREATE INDEX suppliers_created_idx ON suppliers (created_at, id)`);
    await db.query(`
      CREATE TABLE reorder_rules (
        id uuid PRIMARY KEY,
        product_id uuid NOT NULL REFERENCES products (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        supplier_id uuid NOT NULL REFERENCES suppliers (id),
        minimum integer NOT NULL CHECK (minimum >= 0),
        maximum integer NOT NULL,
        CHECK (maximum > minimum),
        UNIQUE (product_id, warehouse_id)
      )`);
    await db.query(`CREATE SEQUENCE purchase_order_numbers`);
    await db.query(`
      CREATE TABLE purchase_orders (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        supplier_id uuid NOT NULL REFERENCES suppliers (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        status text NOT NULL CHECK (status IN ('draft', 'ordered', 'partially_received', 'received', 'cancelled')),
        reorder_rule_id uuid REFERENCES reorder_rules (id),
        ${CREATED_AT},
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A reorder rule raises one purchase order at a time: a burst of reservations finds this one open.
    await db.query(
      `CREATE UNIQUE INDEX purchase_orders_open_rule_key ON purchase_orders (reorder_rule_id) WHERE status IN ('draft', 'ordered', 'partially_received')`,
    );
    await db.query(`CREATE INDEX purchase_orders_created_idx ON purchase_orders (created_at, id)`);
    await db.query(`
      CREATE TABLE purchase_order_lines (
        id uuid PRIMARY KEY,
        purchase_order_id uuid NOT NULL REFERENCES purchase_orders (id),
        position integer NOT NULL,
        product_id uuid NOT NULL REFERENCES products (id),
        quantity integer NOT NULL CHECK (quantity > 0),
        received_quantity integer NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
        unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
        currency text NOT NULL,
        CHECK (received_quantity <= quantity),
        UNIQUE (purchase_order_id, position)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE purchase_order_lines`);
    await db.query(`DROP TABLE purchase_orders`);
    await db.query(`DROP SEQUENCE purchase_order_numbers`);
    await db.query(`DROP TABLE reorder_rules`);
    await db.query(`DROP TABLE suppliers`);
  }
}
