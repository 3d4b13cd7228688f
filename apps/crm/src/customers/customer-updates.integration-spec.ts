import { Role } from '@platform/auth';
import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { backendPid, waitUntilBlocked } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name email kind domain phone ownerId createdAt updatedAt } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id name email kind domain phone ownerId updatedAt } }`;
const LIST = `query($first: Int, $after: String, $filter: CustomerFilter, $sort: RecordSort) {
  customers(first: $first, after: $after, filter: $filter, sort: $sort) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;

interface Created {
  id: string;
  name: string;
  email: string;
  kind: string;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

describe('crm customers: accounts, updates, search and sort (real Postgres)', () => {
  let crm: TestSubgraph;
  const outboxCount = async () => Number((await crm.dataSource.query('SELECT count(*) AS n FROM outbox'))[0].n);
  const create = async (input: Record<string, unknown>, as?: Parameters<TestSubgraph['request']>[2]) => {
    const result = await crm.request<{ createCustomer: Created }>(CREATE, { input }, as);
    expect(result.errors).toBeUndefined();
    return result.data!.createCustomer;
  };
  const eventsOf = (key: string, type: string) =>
    crm.dataSource
      .query(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = $2 ORDER BY id`, [key, type])
      .then((rows: { envelope: { data: unknown } }[]) => rows.map((r) => r.envelope.data));

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
  });
  afterAll(() => crm?.close());

  it('creates an organisation owned by the caller unless told otherwise', async () => {
    const org = await create(
      { name: 'Acme Rockets', email: 'sales@acmerockets.test', domain: ' AcmeRockets.test ', phone: '+44 20 7946 0000' },
      { sub: 'rep-1', roles: [Role.Sales] },
    );
    expect(org).toMatchObject({ kind: 'ORGANISATION', domain: 'acmerockets.test', phone: '+44 20 7946 0000', ownerId: 'rep-1' });
    const person = await create({ name: 'Ada Lovelace', email: 'ada@lovelace.test', kind: 'INDIVIDUAL', ownerId: 'rep-2' });
    expect(person).toMatchObject({ kind: 'INDIVIDUAL', domain: null, ownerId: 'rep-2' });
  });

  it('refuses a malformed domain or phone with BAD_USER_INPUT on that field', async () => {
    for (const [input, field] of [
      [{ name: 'X', email: 'x@x.test', domain: 'not a domain' }, 'domain'],
      [{ name: 'X', email: 'x@x.test', phone: 'call me' }, 'phone'],
    ] as const) {
      const result = await crm.request(CREATE, { input });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(result.errors?.[0].extensions?.fields as object)).toEqual([field]);
    }
  });

  it('updates the given fields, emits crm.customer.updated naming them and audits the change', async () => {
    const c = await create({ name: 'Umbrella', email: 'hq@umbrella.test' });
    const result = await crm.request<{ updateCustomer: Created }>(UPDATE, {
      id: c.id,
      input: { name: 'Umbrella Corp', kind: 'INDIVIDUAL', phone: '+1 555 0100', email: 'hq@umbrella.test' },
    });
    expect(result.errors).toBeUndefined();
    const updated = result.data!.updateCustomer;
    expect(updated).toMatchObject({ name: 'Umbrella Corp', kind: 'INDIVIDUAL', phone: '+1 555 0100', email: 'hq@umbrella.test' });
    expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(c.createdAt).getTime());
    expect(await eventsOf(c.id, 'crm.customer.updated')).toEqual([
      {
        customerId: c.id,
        name: 'Umbrella Corp',
        email: 'hq@umbrella.test',
        kind: 'individual',
        changed: ['name', 'kind', 'phone'],
        updatedAt: updated.updatedAt,
      },
    ]);
    const audit = await crm.dataSource.query(`SELECT actor, details FROM audit_log WHERE action = 'updateCustomer' AND target = $1`, [c.id]);
    expect(audit).toEqual([{ actor: 'test-admin', details: { changed: ['name', 'kind', 'phone'] } }]);

    // Clearing with null
    const cleared = await crm.request<{ updateCustomer: Created & { phone: string | null } }>(UPDATE, { id: c.id, input: { phone: null } });
    expect(cleared.data!.updateCustomer.phone).toBeNull();
    expect((await eventsOf(c.id, 'crm.customer.updated')).at(-1)).toMatchObject({ changed: ['phone'] });
  });

  it('writes nothing and emits nothing when nothing changes', async () => {
    const c = await create({ name: 'Stable', email: 'stable@stable.test' });
    const before = await outboxCount();
    const result = await crm.request<{ updateCustomer: Created }>(UPDATE, { id: c.id, input: { name: 'Stable', email: 'stable@stable.test' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateCustomer.updatedAt).toBe(c.updatedAt);
    expect(await outboxCount()).toBe(before);
    expect(await crm.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'updateCustomer' AND target = $1`, [c.id])).toEqual([{ n: 0 }]);
  });

  it('answers CONFLICT naming the customer that has the new email, and NOT_FOUND for an unknown id; nothing written', async () => {
    const a = await create({ name: 'Alpha', email: 'alpha@alpha.test' });
    const b = await create({ name: 'Beta', email: 'beta@beta.test' });
    const before = await outboxCount();
    const taken = await crm.request(UPDATE, { id: b.id, input: { name: 'Beta 2', email: 'ALPHA@alpha.test' } });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: a.id });
    expect(taken.errors?.[0].message).toBe(`A customer with email ALPHA@alpha.test already exists (${a.id})`);
    expect(await crm.dataSource.query(`SELECT name, email FROM customers WHERE id = $1`, [b.id])).toEqual([{ name: 'Beta', email: 'beta@beta.test' }]);
    const missing = await crm.request(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'X' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await outboxCount()).toBe(before);
    // A change of case only is the same address: allowed.
    const recased = await crm.request<{ updateCustomer: Created }>(UPDATE, { id: b.id, input: { email: 'Beta@Beta.test' } });
    expect(recased.data!.updateCustomer.email).toBe('Beta@Beta.test');
  });

  it('answers CONFLICT, not an internal error, when a concurrent transaction takes the new email between the check and the write', async () => {
    const target = await create({ name: 'Racer', email: 'racer@race.test' });
    const rival = await create({ name: 'Rival', email: 'rival@race.test' });
    const before = await outboxCount();
    // The rival's change is written but not committed: the update's check cannot see it and its write waits on the index.
    const runner = crm.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`UPDATE customers SET email = 'taken@race.test' WHERE id = $1`, [rival.id]);
    const pending = crm.request(UPDATE, { id: target.id, input: { email: 'Taken@race.test' } });
    // Past its check and into its write, waiting on the rival's uncommitted email: only then does the rival commit.
    const blocked = await waitUntilBlocked(crm.dataSource, await backendPid(runner), { what: 'the update', racer: pending });
    expect(blocked.map((b) => b.query)).toEqual([expect.stringMatching(/UPDATE customers SET/)]);
    await runner.commitTransaction();
    await runner.release();
    const result = await pending;
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: rival.id });
    expect(result.errors?.[0].message).toBe(`A customer with email Taken@race.test already exists (${rival.id})`);
    expect(await crm.dataSource.query(`SELECT email FROM customers WHERE id = $1`, [target.id])).toEqual([{ email: 'racer@race.test' }]);
    expect(await outboxCount()).toBe(before);
  });

  it('refuses updateCustomer to a role without customer:update', async () => {
    const c = await create({ name: 'Guarded', email: 'guarded@guarded.test' });
    const result = await crm.request(UPDATE, { id: c.id, input: { name: 'Hacked' } }, { sub: 'a1', roles: [Role.Analyst] });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('search and sort', () => {
    beforeAll(async () => {
      await create({ name: 'Northwind Traders', email: 'orders@northwind.test', domain: 'northwind.test', ownerId: 'rep-n' });
      await create({ name: 'Northwind Logistics', email: 'fleet@nwlog.test', kind: 'INDIVIDUAL', ownerId: 'rep-n' });
      await create({ name: 'Southwind', email: 'hello@southwind.test', ownerId: 'rep-s' });
    });

    const names = async (filter: Record<string, unknown>, sort?: Record<string, unknown>) => {
      const result = await crm.request<{ customers: { nodes: { name: string }[] } }>(LIST, { first: 100, filter, sort });
      expect(result.errors).toBeUndefined();
      return result.data!.customers.nodes.map((n) => n.name);
    };

    it('matches every word as a prefix, case-insensitively', async () => {
      expect(await names({ search: 'north' }, { field: 'NAME', direction: 'ASC' })).toEqual(['Northwind Logistics', 'Northwind Traders']);
      expect(await names({ search: 'NORTH trad' })).toEqual(['Northwind Traders']);
      expect(await names({ search: 'northwind zzz' })).toEqual([]);
    });

    it('matches by email and by domain', async () => {
      expect(await names({ search: 'fleet@nwlog.test' })).toEqual(['Northwind Logistics']);
      expect(await names({ search: 'fleet' })).toEqual(['Northwind Logistics']);
      expect(await names({ search: 'northwind.test' })).toEqual(['Northwind Traders']);
    });

    it('combines search with kind and owner filters', async () => {
      expect(await names({ search: 'north', kind: 'INDIVIDUAL' })).toEqual(['Northwind Logistics']);
      expect(await names({ search: 'wind', ownerId: 'rep-s' })).toEqual([]);
      expect(await names({ search: 'south', ownerId: 'rep-s' })).toEqual(['Southwind']);
      expect(await names({ ownerId: 'rep-n' }, { field: 'NAME', direction: 'DESC' })).toEqual(['Northwind Traders', 'Northwind Logistics']);
    });

    it('treats tsquery syntax as plain text and refuses a search with no letters or digits', async () => {
      expect(await names({ search: `north' & !(` })).toEqual(['Northwind Traders', 'Northwind Logistics']);
      const result = await crm.request(LIST, { filter: { search: `'&|!:*` } });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['CREATED_AT', 'ASC'],
      ['CREATED_AT', 'DESC'],
      ['UPDATED_AT', 'ASC'],
      ['UPDATED_AT', 'DESC'],
      ['NAME', 'ASC'],
      ['NAME', 'DESC'],
    ])('pages through every customer exactly once sorted by %s %s', async (field, direction) => {
      // Equal names and equal times: the id breaks the tie.
      await create({ name: 'Same Name', email: `same-${field}-${direction}-1@same.test` });
      await create({ name: 'Same Name', email: `same-${field}-${direction}-2@same.test` });
      await crm.dataSource.query(`UPDATE customers SET updated_at = created_at + interval '1 hour' WHERE name = 'Same Name'`);
      const all = await crm.dataSource.query(`SELECT id FROM customers`);
      const seen = await allPages<{ id: string; name: string }>(crm, LIST, { first: 2, sort: { field, direction } }, ['customers']);
      expect(seen).toHaveLength(all.length);
      expect(new Set(seen.map((s) => s.id)).size).toBe(all.length);
      const expected: { id: string }[] = await crm.dataSource.query(
        `SELECT id FROM customers ORDER BY ${{ CREATED_AT: 'created_at', UPDATED_AT: 'updated_at', NAME: 'lower(name)' }[field]} ${direction}, id ${direction}`,
      );
      expect(seen.map((s) => s.id)).toEqual(expected.map((e) => e.id));
    });

    it('pages through a search result exactly once', async () => {
      const seen = await allPages<{ name: string }>(crm, LIST, { first: 1, filter: { search: 'northwind' }, sort: { field: 'NAME', direction: 'DESC' } }, [
        'customers',
      ]);
      expect(seen.map((n) => n.name)).toEqual(['Northwind Traders', 'Northwind Logistics']);
    });

    it('refuses a cursor made for another sort order', async () => {
      const first = await crm.request<{ customers: { pageInfo: { endCursor: string } } }>(LIST, { first: 1, sort: { field: 'NAME', direction: 'ASC' } });
      const result = await crm.request(LIST, { first: 1, after: first.data!.customers.pageInfo.endCursor, sort: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
