import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

/** Query plans of the task list on a few thousand rows: each filter reaches its rows through an index. */
describe('task list query plans (real Postgres)', () => {
  let crm: TestSubgraph;

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    await crm.dataSource.query(
      `INSERT INTO tasks (id, title, assignee_id, due_at, status, created_at)
       SELECT gen_random_uuid(), 'Task ' || i, CASE WHEN i % 500 = 0 THEN 'rep-rare' ELSE 'rep-' || (i % 5) END,
              now() + (i % 100 - 50) * interval '1 day', (ARRAY['open','in_progress','done','cancelled'])[1 + i % 4],
              date_trunc('milliseconds', now() - i * interval '1 minute')
       FROM generate_series(1, 5000) i`,
    );
    await crm.dataSource.query('ANALYZE tasks');
  });
  afterAll(async () => {
    await crm?.close();
  });

  const plan = async (sql: string) => JSON.stringify(await crm.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`));

  it("finds one assignee's tasks by creation through the assignee index rather than scanning every task", async () => {
    const text = await plan(`SELECT t.id FROM tasks t WHERE t.assignee_id = 'rep-rare' ORDER BY t.created_at ASC, t.id ASC LIMIT 21`);
    expect(text).toContain('tasks_assignee_created_idx');
    expect(text).not.toContain('Seq Scan');
  });

  it("finds one assignee's tasks by due date through an assignee index", async () => {
    const text = await plan(`SELECT t.id FROM tasks t WHERE t.assignee_id = 'rep-rare' ORDER BY t.due_at ASC, t.id ASC LIMIT 21`);
    expect(text).toMatch(/tasks_assignee_(due|created)_idx/);
    expect(text).not.toContain('Seq Scan');
  });
});
