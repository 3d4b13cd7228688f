import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import { LATEST_TICKETS_BY_CUSTOMERS } from '../tickets/tickets.service';
import { LATEST_BY_CUSTOMERS } from './activities.service';

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Rows read from `relation` by every scan in the plan. */
function rowsRead(node: PlanNode, relation: string): number {
  const own = node['Relation Name'] === relation ? node['Actual Rows'] * node['Actual Loops'] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

/** Customer.timeline and Customer.tickets: a customer with a long history costs a page, not the history. */
describe('newest entries per customer read only a page per customer (real Postgres)', () => {
  let crm: TestSubgraph;
  const busy = randomUUID();
  const quiet = randomUUID();

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    await crm.dataSource.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Busy', 'busy@history.test'), ($2, 'Quiet', 'quiet@history.test')`, [
      busy,
      quiet,
    ]);
    await crm.dataSource.query(
      `INSERT INTO activities (id, kind, subject, customer_id, actor, occurred_at)
       SELECT gen_random_uuid(), 'note', 'Note ' || i, CASE WHEN i <= 3 THEN $2::uuid ELSE $1::uuid END, 'seed', date_trunc('milliseconds', now() - i * interval '1 minute')
       FROM generate_series(1, 3000) i`,
      [busy, quiet],
    );
    await crm.dataSource.query(
      `INSERT INTO tickets (id, subject, customer_id, created_at)
       SELECT gen_random_uuid(), 'Ticket ' || i, CASE WHEN i <= 3 THEN $2::uuid ELSE $1::uuid END, date_trunc('milliseconds', now() - i * interval '1 minute')
       FROM generate_series(1, 3000) i`,
      [busy, quiet],
    );
    await crm.dataSource.query('ANALYZE activities; ANALYZE tickets');
  });
  afterAll(async () => {
    await crm?.close();
  });

  const analyse = async (sql: string, params: unknown[]) => {
    const [{ 'QUERY PLAN': plan }] = await crm.dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    return plan[0].Plan as PlanNode;
  };

  it('reads at most first + 1 timeline entries of each customer', async () => {
    const plan = await analyse(LATEST_BY_CUSTOMERS, [[busy, quiet], [], 11]);
    expect(rowsRead(plan, 'activities')).toBeLessThanOrEqual(11 + 3);
    const rows: { customerId: string; subject: string }[] = await crm.dataSource.query(LATEST_BY_CUSTOMERS, [[busy, quiet], [], 11]);
    expect(rows.filter((r) => r.customerId === busy).map((r) => r.subject)).toEqual(Array.from({ length: 11 }, (_, i) => `Note ${i + 4}`));
    expect(rows.filter((r) => r.customerId === quiet).map((r) => r.subject)).toEqual(['Note 1', 'Note 2', 'Note 3']);
  });

  it('reads at most first + 1 tickets of each customer', async () => {
    const plan = await analyse(LATEST_TICKETS_BY_CUSTOMERS, [[busy, quiet], 11]);
    expect(rowsRead(plan, 'tickets')).toBeLessThanOrEqual(11 + 3);
    const rows: { customerId: string; subject: string }[] = await crm.dataSource.query(LATEST_TICKETS_BY_CUSTOMERS, [[busy, quiet], 11]);
    expect(rows.filter((r) => r.customerId === busy).map((r) => r.subject)).toEqual(Array.from({ length: 11 }, (_, i) => `Ticket ${i + 4}`));
  });
});
