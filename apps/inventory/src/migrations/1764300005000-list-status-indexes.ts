import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ListStatusIndexes1764300005000 implements MigrationInterface {
  name = 'ListStatusIndexes1764300005000';

  async up(db: QueryRunner): Promise<void> {
    // salesOrders(status) and purchaseOrders(status): the filter and the keyset order from one index.
    await db.query(`CREATE INDEX sales_orders_status_created_idx ON sales_orders (status, created_at, id)`);
    await db.query(`CREATE INDEX purchase_orders_status_created_idx ON purchase_orders (status, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX purchase_orders_status_created_idx`);
    await db.query(`DROP INDEX sales_orders_status_created_idx`);
  }
}
