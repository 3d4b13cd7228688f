import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sort paths the crm-domain indexes do not cover: every task by due date
 * (not only one assignee's or the open ones), and tickets by priority rank
 * (the text values do not sort low < normal < high < urgent).
 */
export class WorkQueueIndexes1763900006000 implements MigrationInterface {
  name = 'WorkQueueIndexes1763900006000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX tasks_due_at_id_idx ON tasks (due_at, id)`);
    await db.query(
      `CREATE INDEX tickets_priority_rank_idx ON tickets ((CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END), id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tickets_priority_rank_idx`);
    await db.query(`DROP INDEX tasks_due_at_id_idx`);
  }
}
