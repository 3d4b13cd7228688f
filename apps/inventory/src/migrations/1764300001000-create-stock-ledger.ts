import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStockLedger1764300001000 implements MigrationInterface {
  name = 'CreateStockLedger1764300001000';

  async up(db: QueryRunner): Promise<void> {
    // The ledger is the truth; stock_levels is kept in step with it (and with
    // open reservations) in the transaction of every movement.
    await db.query(`
      CREATE TABLE stock_movements (
        id uuid PRIMARY KEY,
        product_id uuid NOT NULL REFERENCES products (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        kind text NOT NULL CHECK (kind IN ('receipt', 'shipment', 'adjustment', 'transfer')),
        quantity integer NOT NULL CHECK (quantity <> 0),
        unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
        reference_id uuid,
        reason text,
        actor text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    await db.query(`CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, created_at, id)`);
    await db.query(`CREATE INDEX stock_movements_created_idx ON stock_movements (created_at, id)`);
    await db.query(`CREATE INDEX stock_movements_reference_idx ON stock_movements (reference_id) WHERE reference_id IS NOT NULL`);
    await db.query(`
      CREATE FUNCTION stock_movements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock movements are immutable: record a correcting movement instead';
      END $$`);
    await db.query(`
      CREATE TRIGGER stock_movements_immutable BEFORE UPDATE OR DELETE ON stock_movements
      FOR EACH ROW EXECUTE FUNCTION stock_movements_immutable()`);
    await db.query(`
      CREATE TABLE stock_levels (
        product_id uuid NOT NULL REFERENCES products (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        average_cost_minor bigint NOT NULL DEFAULT 0 CHECK (average_cost_minor >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (product_id, warehouse_id),
        -- the last line of defence against overselling, whatever the code does
        CHECK (reserved <= on_hand)
      )`);
    await db.query(`CREATE INDEX stock_levels_warehouse_idx ON stock_levels (warehouse_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE stock_levels`);
    await db.query(`DROP TABLE stock_movements`);
    await db.query(`DROP FUNCTION stock_movements_immutable()`);
  }
}
