import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmFixtures, MISSING_ID } from '../activities/test-fixtures';
import { crmSubgraph } from '../crm.subgraph';

const FIELDS = `id title description assigneeId dueAt status customerId contactId dealId leadId completedAt overdue createdAt updatedAt`;
const CREATE = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $filter: TaskFilterInput, $sort: TaskSortInput) {
  tasks(first: $first, after: $after, filter: $filter, sort: $sort) { nodes { id title dueAt status overdue } pageInfo { hasNextPage endCursor } } }`;

interface TaskShape {
  id: string;
  title: string;
  assigneeId: string | null;
  dueAt: string | null;
  status: string;
  customerId: string | null;
  contactId: string | null;
  completedAt: string | null;
  overdue: boolean;
}
type ListResult = { tasks: { nodes: TaskShape[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('crm tasks (real Postgres)', () => {
  let crm: TestSubgraph;
  let fx: ReturnType<typeof crmFixtures>;
  const support = { sub: 'u-support', roles: [Role.Support] };

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    fx = crmFixtures(crm.dataSource);
  });
  afterAll(() => crm?.close());

  const create = async (input: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) => {
    const r = await crm.request<{ createTask: TaskShape }>(CREATE, { input }, as);
    expect(r.errors).toBeUndefined();
    return r.data!.createTask;
  };
  const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

  it('creates an OPEN task assigned to the caller, with the customer filled from the contact', async () => {
    const customerId = await fx.customer();
    const contactId = await fx.contact(customerId);
    const task = await create({ title: ' Call back ', contactId, dueAt: hoursFromNow(5) }, support);
    expect(task).toMatchObject({ title: 'Call back', assigneeId: 'u-support', status: 'OPEN', customerId, contactId, completedAt: null, overdue: false });
  });

  it('assigns to someone else when asked, and links a lead', async () => {
    const leadId = await fx.lead();
    expect(await create({ title: 'Qualify', assigneeId: 'u-other', leadId })).toMatchObject({ assigneeId: 'u-other', leadId: expect.any(String) });
  });

  it.each([
    ['customerId', 'Customer'],
    ['contactId', 'Contact'],
    ['dealId', 'Deal'],
    ['leadId', 'Lead'],
  ])('answers NOT_FOUND for a missing %s and writes nothing', async (field, type) => {
    const before = await fx.count('tasks');
    const r = await crm.request(CREATE, { input: { title: 'x', [field]: MISSING_ID } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type, id: MISSING_ID });
    expect(await fx.count('tasks')).toBe(before);
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(301) }, 'title'],
    [{ title: 'x', dealId: 'nope' }, 'dealId'],
    [{ title: 'x', assigneeId: ' ' }, 'assigneeId'],
  ])('refuses %p with BAD_USER_INPUT on %s and writes nothing', async (input, field) => {
    const before = await fx.count('tasks');
    const r = await crm.request(CREATE, { input });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(r.errors?.[0].extensions?.fields as object)).toEqual([field]);
    expect(await fx.count('tasks')).toBe(before);
  });

  it('sets completedAt when DONE, keeps it while DONE, clears it when reopened', async () => {
    const task = await create({ title: 'Finish', dueAt: hoursFromNow(-1) });
    expect(task.overdue).toBe(true);
    const done = (await crm.request<{ updateTask: TaskShape }>(UPDATE, { id: task.id, input: { status: 'DONE' } })).data!.updateTask;
    expect(done).toMatchObject({ status: 'DONE', overdue: false, title: 'Finish' });
    expect(done.completedAt).not.toBeNull();
    const renamed = (await crm.request<{ updateTask: TaskShape }>(UPDATE, { id: task.id, input: { title: 'Finished' } })).data!.updateTask;
    expect(renamed).toMatchObject({ title: 'Finished', status: 'DONE', completedAt: done.completedAt });
    const reopened = (await crm.request<{ updateTask: TaskShape }>(UPDATE, { id: task.id, input: { status: 'IN_PROGRESS' } })).data!.updateTask;
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', completedAt: null, overdue: true });
  });

  it('clears description, assignee and due date with null and keeps absent fields', async () => {
    const task = await create({ title: 'Clear me', description: 'd', dueAt: hoursFromNow(2), assigneeId: 'someone' });
    const r = await crm.request<{ updateTask: TaskShape & { description: string | null } }>(UPDATE, {
      id: task.id,
      input: { description: null, assigneeId: null, dueAt: null },
    });
    expect(r.data!.updateTask).toMatchObject({ title: 'Clear me', description: null, assigneeId: null, dueAt: null, status: 'OPEN' });
  });

  it('answers NOT_FOUND for an unknown task and BAD_USER_INPUT for a null title, changing nothing', async () => {
    expect((await crm.request(UPDATE, { id: MISSING_ID, input: { title: 'x' } })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'Task' });
    const task = await create({ title: 'Keep' });
    const r = await crm.request(UPDATE, { id: task.id, input: { title: null } });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await crm.dataSource.query(`SELECT title, updated_at FROM tasks WHERE id = $1`, [task.id]))[0].title).toBe('Keep');
  });

  it('refuses due dates outside years 1 to 9999 (out of the database range, or past what a cursor can carry) with BAD_USER_INPUT', async () => {
    const count = async () => Number((await crm.dataSource.query(`SELECT count(*) AS n FROM tasks`))[0].n);
    const before = await count();
    for (const dueAt of ['-004800-01-01T00:00:00Z', '+200000-01-01T00:00:00Z']) {
      const r = await crm.request(CREATE, { input: { title: 'Out of range', dueAt } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { dueAt: [expect.stringContaining('9999-12-31')] } });
    }
    expect(await count()).toBe(before);
    const task = await create({ title: 'In range' });
    const updated = await crm.request(UPDATE, { id: task.id, input: { dueAt: '+200000-01-01T00:00:00Z' } });
    expect(updated.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { dueAt: [expect.any(String)] } });
    const listed = await crm.request(LIST, { filter: { dueBefore: '-010000-01-01T00:00:00Z' } });
    expect(listed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { dueBefore: [expect.any(String)] } });
  });

  it('refuses roles without task:write or task:read', async () => {
    expect((await crm.request(CREATE, { input: { title: 'x' } }, { sub: 'f', roles: [Role.Finance] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await crm.request(LIST, {}, { sub: 'a', roles: [Role.Analyst] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('lists', () => {
    let customerId: string;
    let dealId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      await crm.dataSource.query('DELETE FROM tasks');
      customerId = await fx.customer();
      dealId = await fx.deal(customerId);
      const specs: [string, number | null, string, Record<string, unknown>][] = [
        ['past-open', -48, 'OPEN', { assigneeId: 'ann', customerId }],
        ['past-progress', -1, 'IN_PROGRESS', { assigneeId: 'ann', dealId }],
        ['past-done', -24, 'DONE', { assigneeId: 'ann' }],
        ['past-cancelled', -24, 'CANCELLED', { assigneeId: 'bob' }],
        ['future-open', 48, 'OPEN', { assigneeId: 'bob', customerId }],
        ['undated', null, 'OPEN', { assigneeId: 'ann' }],
      ];
      // One reference time, so tasks given the same offset are due at the same moment.
      const base = new Date();
      for (const [title, hours, status, links] of specs) {
        const task = await create({ title, ...links });
        ids[title] = task.id;
        if (status !== 'OPEN') await crm.request(UPDATE, { id: task.id, input: { status } });
        // Due dates set in SQL, far enough from now to be unambiguous.
        if (hours !== null)
          await crm.dataSource.query(`UPDATE tasks SET due_at = $3::timestamptz + make_interval(hours => $2) WHERE id = $1`, [task.id, hours, base]);
      }
    });

    const titles = async (variables: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) => {
      const r = await crm.request<ListResult>(LIST, variables, as);
      expect(r.errors).toBeUndefined();
      return r.data!.tasks.nodes.map((n) => n.title);
    };
    const all = async (variables: Record<string, unknown>) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r: { data?: ListResult | null } = await crm.request<ListResult>(LIST, { ...variables, first: 2, after });
        seen.push(...r.data!.tasks.nodes.map((n) => n.title));
        if (!r.data!.tasks.pageInfo.hasNextPage) return seen;
        after = r.data!.tasks.pageInfo.endCursor;
      }
    };

    it('marks overdue only open or in-progress tasks due in the past', async () => {
      const r = await crm.request<ListResult>(LIST, { first: 10, sort: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(Object.fromEntries(r.data!.tasks.nodes.map((n) => [n.title, n.overdue]))).toEqual({
        'past-open': true,
        'past-progress': true,
        'past-done': false,
        'past-cancelled': false,
        'future-open': false,
        undated: false,
      });
    });

    it('filters overdue and not overdue in SQL', async () => {
      expect(await titles({ filter: { overdue: true } })).toEqual(['past-open', 'past-progress']);
      expect(await titles({ filter: { overdue: false } })).toEqual(['past-done', 'past-cancelled', 'future-open', 'undated'].sort(byDue('ASC')));
    });

    it('sorts by due date both ways across pages, undated last ascending and first descending', async () => {
      expect(await all({ sort: { field: 'DUE_AT', direction: 'ASC' } })).toEqual(
        ['past-open', 'past-done', 'past-cancelled', 'past-progress', 'future-open', 'undated'].sort(byDue('ASC')),
      );
      const desc = await all({ sort: { field: 'DUE_AT', direction: 'DESC' } });
      expect(desc[0]).toBe('undated');
      expect(desc.slice(1)).toEqual(['future-open', 'past-progress', ...['past-done', 'past-cancelled'].sort(byDue('DESC')), 'past-open']);
    });
    // Tasks due at the same moment (past-done and past-cancelled) are ordered by id.
    const byDue = (direction: 'ASC' | 'DESC') => (a: string, b: string) => {
      const rank = ['past-open', 'past-done|past-cancelled', 'past-progress', 'future-open', 'undated'];
      const at = (t: string) => rank.findIndex((r) => r.split('|').includes(t));
      const diff = at(a) - at(b) || (ids[a] < ids[b] ? -1 : 1);
      return direction === 'ASC' ? diff : -diff;
    };

    it('sorts by creation both ways across pages', async () => {
      const asc = await all({ sort: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(asc).toEqual(['past-open', 'past-progress', 'past-done', 'past-cancelled', 'future-open', 'undated']);
      expect(await all({ sort: { field: 'CREATED_AT', direction: 'DESC' } })).toEqual([...asc].reverse());
    });

    it('filters by assignee, status, dueBefore, customer and deal', async () => {
      expect(await titles({ filter: { assigneeId: 'bob' } })).toEqual(['past-cancelled', 'future-open']);
      expect(await titles({ filter: { status: ['DONE', 'CANCELLED'] } })).toEqual(['past-done', 'past-cancelled'].sort(byDue('ASC')));
      expect(await titles({ filter: { dueBefore: new Date().toISOString(), assigneeId: 'ann' } })).toEqual(['past-open', 'past-done', 'past-progress']);
      expect(await titles({ filter: { customerId } })).toEqual(['past-open', 'past-progress', 'future-open']);
      expect(await titles({ filter: { dealId } })).toEqual(['past-progress']);
    });

    it('validates filters: BAD_USER_INPUT naming the field for a malformed customer id or an overlong assignee', async () => {
      const badId = await crm.request(LIST, { filter: { customerId: 'not-a-uuid' } });
      expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { customerId: [expect.any(String)] } });
      const long = await crm.request(LIST, { filter: { assigneeId: 'x'.repeat(201) } });
      expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { assigneeId: [expect.any(String)] } });
    });

    it("lists the caller's tasks as myTasks", async () => {
      const r = await crm.request<{ myTasks: ListResult['tasks'] }>(
        `query { myTasks(filter: { assigneeId: "bob" }) { nodes { title } } }`,
        {},
        { sub: 'ann', roles: [Role.Sales] },
      );
      expect(r.data!.myTasks.nodes.map((n) => n.title)).toEqual(['past-open', 'past-done', 'past-progress', 'undated']);
    });

    it('refuses a cursor of another sort order', async () => {
      const r = await crm.request<ListResult>(LIST, { first: 1, sort: { field: 'DUE_AT', direction: 'ASC' } });
      const wrong = await crm.request(LIST, { first: 1, after: r.data!.tasks.pageInfo.endCursor, sort: { field: 'DUE_AT', direction: 'DESC' } });
      expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('reads overdue tasks through the open-due index', async () => {
      const plan: { 'QUERY PLAN': string }[] = await crm.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(
          `EXPLAIN SELECT id FROM tasks t WHERE t.status IN ('open', 'in_progress') AND t.due_at IS NOT NULL AND t.due_at < now() ORDER BY t.due_at, t.id LIMIT 21`,
        );
      });
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('tasks_open_due_idx');
    });
  });
});
