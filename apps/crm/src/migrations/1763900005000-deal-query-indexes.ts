import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the query paths of pipelines, deals, quotes and the sales reports that the domain schema lacks. */
export class DealQueryIndexes1763900005000 implements MigrationInterface {
  name = 'DealQueryIndexes1763900005000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX pipelines_created_at_id_idx ON pipelines (created_at, id)`);
    await db.query(`CREATE INDEX deals_pipeline_idx ON deals (pipeline_id, created_at, id)`);
    await db.query(`CREATE INDEX deals_amount_id_idx ON deals (amount_minor, id)`);
    await db.query(`CREATE INDEX deals_expected_close_id_idx ON deals ((coalesce(expected_close_date, DATE '9999-12-31')), id)`);
    await db.query(`CREATE INDEX deals_closed_at_idx ON deals (closed_at, status) WHERE closed_at IS NOT NULL`);
    await db.query(`CREATE INDEX quotes_status_idx ON quotes (status, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'quotes_status_idx',
      'deals_closed_at_idx',
      'deals_expected_close_id_idx',
      'deals_amount_id_idx',
      'deals_pipeline_idx',
      'pipelines_created_at_id_idx',
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
  }
}
