import type { MigrationInterface, QueryRunner } from 'typeorm';

const CREATED_AT = `created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          -- keyset cursors carry a JavaScript Date: keep the precision they can hold
          CHECK (created_at = date_trunc('milliseconds', created_at))`;

export class CreateProductsAndWarehouses1764300000000 implements MigrationInterface {
  name = 'CreateProductsAndWarehouses1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        sku text NOT NULL,
        name text NOT NULL,
        unit_of_measure text NOT NULL,
        list_price_minor bigint NOT NULL CHECK (list_price_minor >= 0),
        currency text NOT NULL,
        standard_cost_minor bigint NOT NULL CHECK (standard_cost_minor >= 0),
        active boolean NOT NULL DEFAULT true,
        ${CREATED_AT},
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // SKUs are compared as people read them: "ab-1" and "AB-1" are one SKU.
    await db.query(`CREATE UNIQUE INDEX products_sku_key ON products (upper(sku))`);
    await db.query(`CREATE INDEX products_created_idx ON products (created_at, id)`);
    await db.query(`
      CREATE TABLE warehouses (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        ${CREATED_AT}
      )`);
    await db.query(`CREATE UNIQUE INDEX warehouses_code_key ON warehouses (upper(code))`);
    await db.query(`CREATE UNIQUE INDEX warehouses_one_default ON warehouses (is_default) WHERE is_default`);
    await db.query(`CREATE INDEX warehouses_created_idx ON warehouses (created_at, id)`);
    // Orders from won deals need somewhere to reserve from before anyone has set up warehouses.
    await db.query(`INSERT INTO warehouses (id, code, name, is_default) VALUES (gen_random_uuid(), 'MAIN', 'Main warehouse', true)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE warehouses`);
    await db.query(`DROP TABLE products`);
  }
}
