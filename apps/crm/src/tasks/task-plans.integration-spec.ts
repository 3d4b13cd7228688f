import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import type { TaskFilterInput } from './dto/task-query.input';
import { TaskSortDirection, TaskSortField } from './task.model';
import { toTaskConnection } from './task-order';
import { TasksService } from './tasks.service';

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

  // The statement list() runs, not a hand-written likeness of it.
  const plan = async (filter: TaskFilterInput, field: TaskSortField, after: string | null = null) => {
    const [sql, params] = crm.app.get(TasksService).listQuery(20, after, filter, { field, direction: TaskSortDirection.ASC }).getQueryAndParameters();
    return JSON.stringify(await crm.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
  };
  /** The endCursor of the first page, as the resolver hands it out. */
  const secondPage = async (filter: TaskFilterInput, field: TaskSortField) => {
    const page = await crm.app.get(TasksService).list(3, null, filter, { field, direction: TaskSortDirection.ASC });
    expect(page.hasNextPage).toBe(true);
    return toTaskConnection(page, field, TaskSortDirection.ASC).pageInfo.endCursor;
  };

  it("finds one assignee's tasks by creation through the assignee index rather than scanning every task", async () => {
    const text = await plan({ assigneeId: 'rep-rare' }, TaskSortField.CREATED_AT);
    expect(text).toContain('tasks_assignee_created_idx');
    expect(text).not.toContain('Seq Scan');
  });

  it("finds one assignee's tasks by due date through an assignee index", async () => {
    const text = await plan({ assigneeId: 'rep-rare' }, TaskSortField.DUE_AT);
    expect(text).toMatch(/tasks_assignee_(due|created)_idx/);
    expect(text).not.toContain('Seq Scan');
  });

  it.each([TaskSortField.CREATED_AT, TaskSortField.DUE_AT])('pages past a cursor through an assignee index (sorted by %s)', async (field) => {
    const text = await plan({ assigneeId: 'rep-rare' }, field, await secondPage({ assigneeId: 'rep-rare' }, field));
    expect(text).toMatch(/tasks_assignee_(due|created)_idx/);
    expect(text).not.toContain('Seq Scan');
  });
});
