import { toSortedConnection } from '@platform/graphql';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import type { TicketFilterInput } from './dto/ticket-query.input';
import { TicketSortDirection, TicketSortField } from './ticket.model';
import { ticketOrder, TicketsService } from './tickets.service';

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

  const newestFirst = { field: TicketSortField.CREATED_AT, direction: TicketSortDirection.DESC };
  // The statement list() runs, not a hand-written likeness of it.
  const plan = async (filter: TicketFilterInput, after: string | null = null) => {
    const [sql, params] = crm.app.get(TicketsService).listQuery(20, after, filter, newestFirst).getQueryAndParameters();
    return JSON.stringify(await crm.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
  };

  it("finds one agent's tickets, newest first, through the assignee index rather than scanning every ticket", async () => {
    const text = await plan({ assigneeId: 'agent-rare' });
    expect(text).toContain('tickets_assignee_created_idx');
    expect(text).not.toContain('Seq Scan');
  });

  it('pages past a cursor through the same index', async () => {
    const first = await crm.app.get(TicketsService).list(3, null, { assigneeId: 'agent-rare' }, newestFirst);
    expect(first.hasNextPage).toBe(true);
    const { endCursor } = toSortedConnection(
      first,
      ticketOrder(newestFirst.field, newestFirst.direction),
      (t) => t.createdAt,
      (t) => t.id,
    ).pageInfo;
    const text = await plan({ assigneeId: 'agent-rare' }, endCursor);
    expect(text).toContain('tickets_assignee_created_idx');
    expect(text).not.toContain('Seq Scan');
  });
});
