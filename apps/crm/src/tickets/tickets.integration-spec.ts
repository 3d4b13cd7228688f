import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmFixtures, MISSING_ID } from '../activities/test-fixtures';
import { crmSubgraph } from '../crm.subgraph';

const FIELDS = `id number subject description customerId contactId priority status assigneeId firstResponseAt resolvedAt closedAt firstResponseSeconds resolutionSeconds createdAt updatedAt`;
const OPEN = `mutation($input: OpenTicketInput!) { openTicket(input: $input) { ${FIELDS} } }`;
const RESPOND = `mutation($id: ID!, $message: String!) { respondToTicket(id: $id, message: $message) { ${FIELDS} } }`;
const STATUS = `mutation($id: ID!, $status: TicketStatus!) { setTicketStatus(id: $id, status: $status) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $filter: TicketFilterInput, $sort: TicketSortInput) {
  tickets(first: $first, after: $after, filter: $filter, sort: $sort) { nodes { id subject priority status } pageInfo { hasNextPage endCursor } } }`;
const REPORT = `query($from: DateTime, $to: DateTime) { supportReport(from: $from, to: $to) { resolvedCount averageResolutionSeconds averageFirstResponseSeconds } }`;

interface T {
  id: string;
  number: number;
  subject: string;
  customerId: string | null;
  contactId: string | null;
  priority: string;
  status: string;
  assigneeId: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  createdAt: string;
}

describe('crm support tickets (real Postgres)', () => {
  let crm: TestSubgraph;
  let fx: ReturnType<typeof crmFixtures>;
  const agent = { sub: 'agent-1', roles: [Role.Support] };

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    fx = crmFixtures(crm.dataSource);
  });
  afterAll(() => crm?.close());

  const open = async (input: Record<string, unknown>) => {
    const r = await crm.request<{ openTicket: T }>(OPEN, { input }, agent);
    expect(r.errors).toBeUndefined();
    return r.data!.openTicket;
  };
  const setStatus = (id: string, status: string) => crm.request<{ setTicketStatus: T }>(STATUS, { id, status }, agent);
  const row = async (id: string) =>
    (await crm.dataSource.query(`SELECT status, first_response_at, resolved_at, closed_at, updated_at FROM tickets WHERE id = $1`, [id]))[0];
  const writes = async () => ({ tickets: await fx.count('tickets'), activities: await fx.count('activities'), outbox: await fx.count('outbox') });

  it('opens a ticket for a contact, fills the customer and emits crm.ticket.opened', async () => {
    const customerId = await fx.customer();
    const contactId = await fx.contact(customerId);
    const ticket = await open({ subject: ' Cannot log in ', contactId, priority: 'HIGH' });
    expect(ticket).toMatchObject({
      subject: 'Cannot log in',
      customerId,
      contactId,
      priority: 'HIGH',
      status: 'OPEN',
      firstResponseAt: null,
      firstResponseSeconds: null,
      resolutionSeconds: null,
    });
    expect(ticket.number).toBeGreaterThan(0);
    const events = await crm.dataSource.query(`SELECT topic, envelope FROM outbox WHERE key = $1`, [ticket.id]);
    expect(events).toEqual([
      {
        topic: 'crm.ticket',
        envelope: expect.objectContaining({
          type: 'crm.ticket.opened',
          data: { ticketId: ticket.id, number: ticket.number, customerId, contactId, subject: 'Cannot log in', priority: 'high', openedAt: ticket.createdAt },
        }),
      },
    ]);
  });

  it('opens a ticket without customer or contact, NORMAL by default', async () => {
    expect(await open({ subject: 'Anonymous' })).toMatchObject({ customerId: null, contactId: null, priority: 'NORMAL' });
  });

  it.each([
    ['customerId', 'Customer'],
    ['contactId', 'Contact'],
  ])('answers NOT_FOUND for a missing %s and writes nothing', async (field, type) => {
    const before = await writes();
    const r = await crm.request(OPEN, { input: { subject: 'x', [field]: MISSING_ID } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type, id: MISSING_ID });
    expect(await writes()).toEqual(before);
  });

  it('refuses an empty subject and roles without ticket:write', async () => {
    const before = await writes();
    expect((await crm.request(OPEN, { input: { subject: ' ' } })).errors?.[0].extensions?.fields).toEqual({ subject: expect.any(Array) });
    expect((await crm.request(OPEN, { input: { subject: 'x' } }, { sub: 's', roles: [Role.Sales] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await writes()).toEqual(before);
  });

  it('records a response as an EMAIL on the contact timeline, sets the first response once and moves OPEN to PENDING', async () => {
    const customerId = await fx.customer();
    const contactId = await fx.contact(customerId);
    const ticket = await open({ subject: 'Broken export', contactId });
    const first = (await crm.request<{ respondToTicket: T }>(RESPOND, { id: ticket.id, message: 'Looking into it' }, agent)).data!.respondToTicket;
    expect(first).toMatchObject({ status: 'PENDING' });
    expect(first.firstResponseAt).not.toBeNull();
    const activity = await crm.dataSource.query(`SELECT kind, subject, body, customer_id, contact_id, actor FROM activities WHERE contact_id = $1`, [
      contactId,
    ]);
    expect(activity).toEqual([
      {
        kind: 'email',
        subject: `Re: [#${ticket.number}] Broken export`,
        body: 'Looking into it',
        customer_id: customerId,
        contact_id: contactId,
        actor: 'agent-1',
      },
    ]);
    const logged = await crm.dataSource.query(
      `SELECT envelope->'data'->>'kind' AS kind FROM outbox WHERE topic = 'crm.activity' AND envelope->'data'->>'contactId' = $1`,
      [contactId],
    );
    expect(logged).toEqual([{ kind: 'email' }]);
    await setStatus(ticket.id, 'OPEN');
    const second = (await crm.request<{ respondToTicket: T }>(RESPOND, { id: ticket.id, message: 'Fixed?' }, agent)).data!.respondToTicket;
    expect(second.firstResponseAt).toBe(first.firstResponseAt);
    expect(second.status).toBe('PENDING');
  });

  it('responds on a ticket without requester without logging an activity', async () => {
    const ticket = await open({ subject: 'No requester' });
    const before = await fx.count('activities');
    expect((await crm.request<{ respondToTicket: T }>(RESPOND, { id: ticket.id, message: 'hi' })).data!.respondToTicket.status).toBe('PENDING');
    expect(await fx.count('activities')).toBe(before);
  });

  it('refuses a response to or a change of a CLOSED ticket, an empty message or an unknown ticket, writing nothing', async () => {
    const ticket = await open({ subject: 'Done', customerId: await fx.customer() });
    await setStatus(ticket.id, 'RESOLVED');
    await setStatus(ticket.id, 'CLOSED');
    const before = await writes();
    const closedRow = await row(ticket.id);
    const r = await crm.request(RESPOND, { id: ticket.id, message: 'hello?' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'TICKET_CLOSED' });
    const update = await crm.request(UPDATE, { id: ticket.id, input: { priority: 'URGENT' } });
    expect(update.errors?.[0].extensions).toMatchObject({ code: 'TICKET_CLOSED' });
    expect((await crm.request(RESPOND, { id: ticket.id, message: '   ' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await crm.request(RESPOND, { id: MISSING_ID, message: 'x' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Ticket' });
    expect(await writes()).toEqual(before);
    expect(await row(ticket.id)).toEqual(closedRow);
  });

  it('updates priority and assignee, and unassigns with null', async () => {
    const ticket = await open({ subject: 'Prio' });
    const r = await crm.request<{ updateTicket: T }>(UPDATE, { id: ticket.id, input: { priority: 'URGENT', assigneeId: 'agent-2' } });
    expect(r.data!.updateTicket).toMatchObject({ priority: 'URGENT', assigneeId: 'agent-2' });
    const cleared = await crm.request<{ updateTicket: T }>(UPDATE, { id: ticket.id, input: { assigneeId: null } });
    expect(cleared.data!.updateTicket).toMatchObject({ priority: 'URGENT', assigneeId: null });
    expect((await crm.request(UPDATE, { id: MISSING_ID, input: { priority: 'LOW' } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  describe('status lifecycle', () => {
    it('resolves (recording a first response when none was), emits crm.ticket.resolved with the durations, reopens and closes', async () => {
      const customerId = await fx.customer();
      const ticket = await open({ subject: 'Lifecycle', customerId });
      // Opened exactly 90 minutes ago, so the durations are known.
      await crm.dataSource.query(`UPDATE tickets SET created_at = date_trunc('milliseconds', now()) - interval '90 minutes' WHERE id = $1`, [ticket.id]);
      const resolved = (await setStatus(ticket.id, 'RESOLVED')).data!.setTicketStatus;
      expect(resolved.status).toBe('RESOLVED');
      expect(resolved.firstResponseAt).toBe(resolved.resolvedAt);
      expect(resolved.resolutionSeconds).toBeGreaterThanOrEqual(5400);
      expect(resolved.resolutionSeconds).toBeLessThan(5460);
      expect(resolved.firstResponseSeconds).toBe(resolved.resolutionSeconds);
      const events = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = 'crm.ticket.resolved'`, [ticket.id]);
      expect(events.map((e: { envelope: { data: unknown } }) => e.envelope.data)).toEqual([
        {
          ticketId: ticket.id,
          customerId,
          contactId: null,
          firstResponseSeconds: resolved.firstResponseSeconds,
          resolutionSeconds: resolved.resolutionSeconds,
          resolvedAt: resolved.resolvedAt,
        },
      ]);
      const reopened = (await setStatus(ticket.id, 'OPEN')).data!.setTicketStatus;
      expect(reopened).toMatchObject({ status: 'OPEN', resolvedAt: null, resolutionSeconds: null, firstResponseAt: resolved.firstResponseAt });
      await setStatus(ticket.id, 'PENDING');
      await setStatus(ticket.id, 'RESOLVED');
      const closed = (await setStatus(ticket.id, 'CLOSED')).data!.setTicketStatus;
      expect(closed.status).toBe('CLOSED');
      expect(closed.closedAt).not.toBeNull();
      expect(closed.resolvedAt).not.toBeNull();
    });

    it('records the first response when an OPEN ticket goes to PENDING', async () => {
      const ticket = await open({ subject: 'To pending' });
      const pending = (await setStatus(ticket.id, 'PENDING')).data!.setTicketStatus;
      expect(pending.firstResponseAt).not.toBeNull();
      expect((await setStatus(ticket.id, 'OPEN')).data!.setTicketStatus).toMatchObject({ status: 'OPEN', firstResponseAt: pending.firstResponseAt });
    });

    it.each([
      [[], 'CLOSED', 'OPEN'],
      [[], 'OPEN', 'OPEN'],
      [['PENDING'], 'CLOSED', 'PENDING'],
      [['RESOLVED'], 'PENDING', 'RESOLVED'],
      [['RESOLVED', 'CLOSED'], 'OPEN', 'CLOSED'],
      [['RESOLVED', 'CLOSED'], 'RESOLVED', 'CLOSED'],
    ])('after %p refuses %s with ILLEGAL_TICKET_TRANSITION from %s and writes nothing', async (path, to, from) => {
      const ticket = await open({ subject: 'Illegal' });
      for (const step of path) await setStatus(ticket.id, step);
      const before = { ...(await writes()), row: await row(ticket.id) };
      const r = await setStatus(ticket.id, to);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_TICKET_TRANSITION', from, to });
      expect(r.errors?.[0].message).toContain(`from ${from} to ${to}`);
      expect({ ...(await writes()), row: await row(ticket.id) }).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown ticket', async () => {
      expect((await setStatus(MISSING_ID, 'RESOLVED')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Ticket' });
    });
  });

  describe('lists and the report', () => {
    let customerA: string;
    let customerB: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      await crm.dataSource.query(`DELETE FROM activities`);
      await crm.dataSource.query(`DELETE FROM tickets`);
      customerA = await fx.customer('A');
      customerB = await fx.customer('B');
      const specs: [string, string, string | null, string | null][] = [
        ['a-low', 'LOW', customerA, 'agent-1'],
        ['a-urgent', 'URGENT', customerA, null],
        ['a-normal', 'NORMAL', customerA, 'agent-2'],
        ['b-high', 'HIGH', customerB, 'agent-1'],
        ['none-urgent', 'URGENT', null, null],
      ];
      for (const [i, [subject, priority, customerId, assigneeId]] of specs.entries()) {
        const t = await open({ subject, priority, customerId, assigneeId });
        ids[subject] = t.id;
        await crm.dataSource.query(`UPDATE tickets SET created_at = '2026-01-01T00:00:00Z'::timestamptz + make_interval(mins => $2) WHERE id = $1`, [t.id, i]);
      }
    });

    const subjects = async (variables: Record<string, unknown>) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r: { data?: { tickets: { nodes: { subject: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null; errors?: unknown } =
          await crm.request(LIST, { first: 2, ...variables, after });
        expect(r.errors).toBeUndefined();
        seen.push(...r.data!.tickets.nodes.map((n) => n.subject));
        if (!r.data!.tickets.pageInfo.hasNextPage) return seen;
        after = r.data!.tickets.pageInfo.endCursor;
      }
    };

    it('lists newest first by default and sorts by creation or priority rank across pages', async () => {
      expect(await subjects({})).toEqual(['none-urgent', 'b-high', 'a-normal', 'a-urgent', 'a-low']);
      expect(await subjects({ sort: { field: 'CREATED_AT', direction: 'ASC' } })).toEqual(['a-low', 'a-urgent', 'a-normal', 'b-high', 'none-urgent']);
      const urgentTie = [ids['a-urgent'], ids['none-urgent']].sort().map((id) => Object.keys(ids).find((k) => ids[k] === id));
      expect(await subjects({ sort: { field: 'PRIORITY', direction: 'DESC' } })).toEqual([...[...urgentTie].reverse(), 'b-high', 'a-normal', 'a-low']);
      expect(await subjects({ sort: { field: 'PRIORITY', direction: 'ASC' } })).toEqual(['a-low', 'a-normal', 'b-high', ...urgentTie]);
    });

    it('filters by status, priority, customer and assignee', async () => {
      await setStatus(ids['b-high'], 'PENDING');
      expect(await subjects({ filter: { status: ['PENDING'] } })).toEqual(['b-high']);
      expect(await subjects({ filter: { priority: ['URGENT', 'LOW'] } })).toEqual(['none-urgent', 'a-urgent', 'a-low']);
      expect(await subjects({ filter: { customerId: customerA } })).toEqual(['a-normal', 'a-urgent', 'a-low']);
      expect(await subjects({ filter: { assigneeId: 'agent-1' } })).toEqual(['b-high', 'a-low']);
      await setStatus(ids['b-high'], 'OPEN');
    });

    it('validates filters: BAD_USER_INPUT naming the field for a malformed customer id or an overlong assignee', async () => {
      const badId = await crm.request(LIST, { filter: { customerId: 'not-a-uuid' } });
      expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { customerId: [expect.any(String)] } });
      const long = await crm.request(LIST, { filter: { assigneeId: 'x'.repeat(201) } });
      expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { assigneeId: [expect.any(String)] } });
    });

    it('resolves Customer.tickets for many customers with as many statements as for one', async () => {
      const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id tickets(first: 2) { nodes { subject } pageInfo { hasNextPage } } } } }`;
      const measure = async (customers: string[]) => {
        const before = await crm.queryCount();
        const r = await crm.request<{ _entities: { tickets: { nodes: { subject: string }[]; pageInfo: { hasNextPage: boolean } } }[] }>(q, {
          r: customers.map((id) => ({ __typename: 'Customer', id })),
        });
        expect(r.errors).toBeUndefined();
        return { statements: (await crm.queryCount()) - before, tickets: r.data!._entities.map((e) => e.tickets) };
      };
      const one = await measure([customerA]);
      expect(one.tickets).toEqual([{ nodes: [{ subject: 'a-normal' }, { subject: 'a-urgent' }], pageInfo: { hasNextPage: true } }]);
      const extra = [await fx.customer(), await fx.customer()];
      const many = await measure([customerA, customerB, ...extra]);
      expect(many.statements).toBe(one.statements);
      expect(many.tickets.map((t) => t.nodes.map((n) => n.subject))).toEqual([['a-normal', 'a-urgent'], ['b-high'], [], []]);
    });

    it('Customer.tickets is refused without ticket:read', async () => {
      const r = await crm.request(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { tickets { nodes { id } } } } }`,
        { r: [{ __typename: 'Customer', id: customerA }] },
        { sub: 'f', roles: [Role.Finance] },
      );
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('reports resolved tickets of a period with exact averages, null when none', async () => {
      // created 00:00; responses after 600 s and 1200 s, resolutions after 3600 s and 7200 s, both on 2026-02-10;
      // a third resolved in March is outside the period; reopened tickets (no resolved_at) never count.
      const set = (id: string, created: string, response: string | null, resolved: string | null, status: string) =>
        crm.dataSource.query(`UPDATE tickets SET created_at = $2, first_response_at = $3, resolved_at = $4, status = $5 WHERE id = $1`, [
          id,
          created,
          response,
          resolved,
          status,
        ]);
      await set(ids['a-low'], '2026-02-10T00:00:00Z', '2026-02-10T00:10:00Z', '2026-02-10T01:00:00Z', 'resolved');
      await set(ids['a-urgent'], '2026-02-10T00:00:00Z', '2026-02-10T00:20:00Z', '2026-02-10T02:00:00Z', 'resolved');
      await set(ids['a-normal'], '2026-03-01T00:00:00Z', null, '2026-03-01T00:00:30Z', 'resolved');
      await set(ids['b-high'], '2026-02-10T00:00:00Z', '2026-02-10T00:01:00Z', null, 'open');
      const report = (from: string | null, to: string | null) =>
        crm.request<{ supportReport: unknown }>(REPORT, { from, to }, { sub: 'an', roles: [Role.Analyst] });
      expect((await report('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')).data!.supportReport).toEqual({
        resolvedCount: 2,
        averageResolutionSeconds: 5400,
        averageFirstResponseSeconds: 900,
      });
      expect((await report(null, null)).data!.supportReport).toEqual({
        resolvedCount: 3,
        averageResolutionSeconds: (3600 + 7200 + 30) / 3,
        averageFirstResponseSeconds: 900,
      });
      expect((await report('2027-01-01T00:00:00Z', null)).data!.supportReport).toEqual({
        resolvedCount: 0,
        averageResolutionSeconds: null,
        averageFirstResponseSeconds: null,
      });
      const ancient = await report('-010000-01-01T00:00:00Z', null);
      expect(ancient.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { from: [expect.stringContaining('0001-01-01')] } });
      expect((await crm.request(REPORT, {}, { sub: 's', roles: [Role.Sales] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await report('2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('sorts by priority through the priority rank index', async () => {
      const plan: { 'QUERY PLAN': string }[] = await crm.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(
          `EXPLAIN SELECT t.id FROM tickets t ORDER BY (CASE t.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END) DESC, t.id DESC LIMIT 21`,
        );
      });
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('tickets_priority_rank_idx');
    });

    it('exposes durations computed from the stored times', async () => {
      const r = await crm.request<{ ticket: T }>(`query($id: ID!) { ticket(id: $id) { firstResponseSeconds resolutionSeconds } }`, { id: ids['a-urgent'] });
      expect(r.data!.ticket).toEqual({ firstResponseSeconds: 1200, resolutionSeconds: 7200 });
    });
  });
});
