import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name email createdAt } }`;

describe('crm customers (real Postgres)', () => {
  let crm: TestSubgraph;
  const count = async () => Number((await crm.dataSource.query('SELECT count(*) AS n FROM customers'))[0].n);

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
  });
  afterAll(() => crm?.close());

  it('creates a customer and reads it back by id', async () => {
    const created = await crm.request<{ createCustomer: { id: string } }>(CREATE, { input: { name: '  Acme  ', email: 'ops@acme.test' } });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCustomer.id;
    const read = await crm.request(`query($id: ID!) { customer(id: $id) { id name email } }`, { id });
    expect(read.data).toEqual({ customer: { id, name: 'Acme', email: 'ops@acme.test' } });
  });

  it('writes the crm.customer.created event in the same transaction', async () => {
    const created = await crm.request<{ createCustomer: { id: string; createdAt: string } }>(CREATE, { input: { name: 'Initech', email: 'it@initech.test' } });
    const id = created.data!.createCustomer.id;
    const rows = await crm.dataSource.query(`SELECT topic, key, envelope, sent_at FROM outbox WHERE key = $1`, [id]);
    expect(rows).toEqual([
      {
        topic: 'crm.customer',
        key: id,
        sent_at: null,
        envelope: expect.objectContaining({
          source: 'crm',
          type: 'crm.customer.created',
          version: 1,
          subject: id,
          time: created.data!.createCustomer.createdAt,
          data: { customerId: id, name: 'Initech', email: 'it@initech.test', createdAt: created.data!.createCustomer.createdAt },
        }),
      },
    ]);
  });

  it('answers CONFLICT naming the existing customer for a duplicate email, whatever its case, and writes nothing', async () => {
    const first = await crm.request<{ createCustomer: { id: string } }>(CREATE, { input: { name: 'Globex', email: 'hi@globex.test' } });
    const before = await count();
    const events = await crm.dataSource.query('SELECT count(*)::int AS n FROM outbox');
    const again = await crm.request(CREATE, { input: { name: 'Globex 2', email: 'HI@Globex.test' } });
    expect(await crm.dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual(events);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: first.data!.createCustomer.id });
    expect(again.errors?.[0].message).toBe(`A customer with email HI@Globex.test already exists (${first.data!.createCustomer.id})`);
    expect(await count()).toBe(before);
  });

  it.each([
    [{ name: '', email: 'a@b.test' }, 'name'],
    [{ name: '   ', email: 'a@b.test' }, 'name'],
    [{ name: 'X', email: 'not-an-email' }, 'email'],
    [{ name: 'x'.repeat(201), email: 'a@b.test' }, 'name'],
  ])('rejects %p with BAD_USER_INPUT on %s and writes nothing', async (input, field) => {
    const before = await count();
    const result = await crm.request(CREATE, { input });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions?.fields as object)).toEqual([field]);
    expect(await count()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const result = await crm.request(`query($id: ID!) { customer(id: $id) { id } }`, { id });
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(result.errors?.[0].message).toBe(`Customer ${id} does not exist`);
    }
  });

  it('pages through every customer exactly once with cursors', async () => {
    for (let i = 0; i < 7; i++) await crm.request(CREATE, { input: { name: `Page ${i}`, email: `page${i}@example.test` } });
    const total = await count();
    const pages = await allPages<{ id: string }>(
      crm,
      `query($after: String) { customers(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      {},
      ['customers'],
    );
    const seen = pages.map((n) => n.id);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('refuses page sizes over the maximum and malformed cursors', async () => {
    const big = await crm.request(`{ customers(first: 101) { nodes { id } } }`);
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await crm.request(`{ customers(first: 1, after: "garbage") { nodes { id } } }`);
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves any number of entity references with one SQL query', async () => {
    const ids: string[] = (await crm.dataSource.query('SELECT id FROM customers ORDER BY created_at')).map((r: { id: string }) => r.id);
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id email } } }`;
    const measure = async (n: number) => {
      const representations = [...ids.slice(0, n), '00000000-0000-4000-8000-000000000000'].map((id) => ({ __typename: 'Customer', id }));
      const before = await crm.queryCount();
      const result = await crm.request<{ _entities: ({ id: string } | null)[] }>(entities, { r: representations });
      expect(result.data!._entities.slice(0, n).map((e) => e?.id)).toEqual(ids.slice(0, n));
      expect(result.data!._entities[n]).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      return (await crm.queryCount()) - before;
    };
    expect(await measure(1)).toBe(1);
    expect(await measure(ids.length)).toBe(1);
  });

  it('answers NOT_FOUND for a reference whose id is not a uuid, without a query for it, and resolves the others', async () => {
    const [{ id }] = await crm.dataSource.query('SELECT id FROM customers ORDER BY created_at LIMIT 1');
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }`;
    const before = await crm.queryCount();
    const result = await crm.request<{ _entities: ({ id: string } | null)[] }>(entities, {
      r: [
        { __typename: 'Customer', id: "' OR 1=1 --" },
        { __typename: 'Customer', id },
      ],
    });
    expect(result.data!._entities).toEqual([null, { id }]);
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Customer ' OR 1=1 -- does not exist", 'NOT_FOUND']]);
    expect((await crm.queryCount()) - before).toBe(1);
  });
});
