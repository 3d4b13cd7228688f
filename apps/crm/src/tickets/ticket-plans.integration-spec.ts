import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

/** Query plans of the ticket list on a few thousand rows: each filter reaches its rows through an index. */
describe('ticket list query plans (real Postgres)', () => {
  let crm: TestSubgraph;

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    await crm.dataSource.query(
      `INSERT INTO tickets (id, subject, priority, status, assignee_id, created_at)
       SELECT gen_random_uuid(), 'Ticket ' || i, (ARRAY['low','normal','high','urgent'])[1 + i % 4], (ARRAY['open','pending','resolved','closed'])[1 + i % 4],
              CASE WHEN i % 500 = 0 THEN 'agent-rare' ELSE 'agent-' || (i % 5) END, date_trunc('milliseconds', now() - i * interval '1 minute')
       FROM generate_series(1, 5000) i`,
    );
    await crm.dataSource.query('ANALYZE tickets');
  });
  afterAll(async () => {
    await crm?.close();
  });

  const plan = async (sql: string) => JSON.stringify(await crm.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`));

  it("finds one agent's tickets, newest first, through the assignee index rather than scanning every ticket", async () => {
    const text = await plan(`SELECT t.id FROM tickets t WHERE t.assignee_id = 'agent-rare' ORDER BY t.created_at DESC, t.id DESC LIMIT 21`);
    expect(text).toContain('tickets_assignee_created_idx');
    expect(text).not.toContain('Seq Scan');
  });

  it("pages past a cursor through the same index", async () => {
    const text = await plan(
      `SELECT t.id FROM tickets t WHERE t.assignee_id = 'agent-rare' AND (t.created_at, t.id) < (now() - interval '1 day', '00000000-0000-4000-8000-000000000000'::uuid)
       ORDER BY t.created_at DESC, t.id DESC LIMIT 21`,
    );
    expect(text).toContain('tickets_assignee_created_idx');
  });
});
