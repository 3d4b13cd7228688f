import { randomUUID } from 'node:crypto';
import { ClientError, gql } from 'graphql-request';
import { counter, gatewayClient, platform, sql } from './platform';
import { setTimeout as sleep } from 'node:timers/promises';

const CREATE = gql`
  mutation Create($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      id
    }
  }
`;

const CUSTOMER = gql`
  query Customer($id: ID!) {
    customer(id: $id) {
      id
      name
      email
      openBalance {
        amount
        currency
      }
      orders {
        number
        status
      }
      profile {
        id
        firstSeenAt
      }
    }
  }
`;

const LIST = gql`
  query List($first: Int!) {
    customers(first: $first) {
      nodes {
        id
        openBalance {
          amount
        }
        profile {
          id
        }
      }
    }
  }
`;

interface Created {
  createCustomer: { id: string };
}

/** The GraphQL errors of a request expected to fail. */
async function errorsOf(request: Promise<unknown>) {
  try {
    await request;
  } catch (err) {
    if (err instanceof ClientError) return err.response.errors ?? [];
    throw err;
  }
  throw new Error('expected the request to fail');
}

const SUBGRAPHS = ['crm', 'finance', 'inventory', 'cms', 'analytics'];

describe('the customer graph through the gateway', () => {
  const client = gatewayClient();
  const run = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;

  it('serves health on every process', async () => {
    for (const url of Object.values(platform().serviceUrls)) {
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok' });
    }
  });

  it('joins crm, finance, inventory and analytics data for one customer', async () => {
    const email = `${run('ops')}@acme.test`;
    const { createCustomer } = await client.request<Created>(CREATE, { input: { name: 'Acme', email } });
    const id = createCustomer.id;
    await sql(
      'finance',
      `INSERT INTO invoices (id, customer_id, number, total_minor, paid_minor, status, currency) VALUES ($1, $2, $3, 150000, 50000, 'partially_paid', 'USD')`,
      [randomUUID(), id, run('INV')],
    );
    await sql('inventory', `INSERT INTO sales_orders (id, customer_id, number, status) VALUES ($1, $2, $3, 'reserved')`, [randomUUID(), id, 'SO-1']);

    const { customer } = await client.request<{ customer: Record<string, unknown> & { profile: { id: string } } }>(CUSTOMER, { id });
    expect(customer).toMatchObject({
      id,
      name: 'Acme',
      email,
      openBalance: { amount: '1000.00', currency: 'USD' },
      orders: [{ number: 'SO-1', status: 'RESERVED' }],
      profile: { id: expect.any(String), firstSeenAt: expect.any(String) },
    });
    const again = await client.request<{ customer: { profile: { id: string } } }>(CUSTOMER, { id });
    expect(again.customer.profile.id).toBe(customer.profile.id);
  });

  it('opens the CDP profile from the crm.customer.created event, dated when the customer was created', async () => {
    const created = await client.request<{ createCustomer: { id: string; createdAt: string } }>(
      gql`
        mutation ($input: CreateCustomerInput!) {
          createCustomer(input: $input) {
            id
            createdAt
          }
        }
      `,
      { input: { name: 'Evented', email: `${run('event')}@example.test` } },
    );
    const { id, createdAt } = created.createCustomer;
    const deadline = Date.now() + 15_000;
    let rows: { first_seen_at: Date }[] = [];
    while (!rows.length && Date.now() < deadline) {
      rows = await sql<{ first_seen_at: Date }>('analytics', 'SELECT first_seen_at FROM profiles WHERE customer_id = $1', [id]);
      if (!rows.length) await sleep(100);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].first_seen_at.toISOString()).toBe(createdAt);
    // The profile came through the inbox, from the very event crm wrote for this customer.
    const [{ event_id: eventId }] = await sql<{ event_id: string }>('crm', `SELECT event_id FROM outbox WHERE key = $1`, [id]);
    const inbox = await sql('analytics', `SELECT event_type FROM inbox WHERE consumer_group = 'analytics.profiles' AND event_id = $1`, [eventId]);
    expect(inbox).toEqual([{ event_type: 'crm.customer.created' }]);
    const { customer } = await client.request<{ customer: { profile: { firstSeenAt: string } } }>(CUSTOMER, { id });
    expect(customer.profile.firstSeenAt).toBe(createdAt);
  });

  it('lists 100 customers with balances and profiles in one request per subgraph and constant SQL', async () => {
    const existing = Number((await sql<{ n: string }>('crm', 'SELECT count(*) AS n FROM customers'))[0].n);
    for (let i = existing; i < 100; i++) {
      await client.request<Created>(CREATE, { input: { name: `Customer ${i}`, email: `${run('bulk')}@example.test` } });
    }
    // First read opens the profiles; measure reads of an already-seen list.
    await client.request(LIST, { first: 100 });

    const measure = async (first: number) => {
      const snapshot = async () =>
        Object.fromEntries(
          await Promise.all(
            SUBGRAPHS.map(
              async (s) =>
                [s, { requests: await counter(s, 'graphql_requests_total'), queries: await counter(s, 'db_queries_total{origin="request"}') }] as const,
            ),
          ),
        );
      const before = await snapshot();
      const result = await client.request<{ customers: { nodes: { openBalance: { amount: string }; profile: { id: string } }[] } }>(LIST, { first });
      expect(result.customers.nodes).toHaveLength(first);
      expect(result.customers.nodes.every((n) => n.openBalance.amount && n.profile.id)).toBe(true);
      const after = await snapshot();
      return Object.fromEntries(SUBGRAPHS.map((s) => [s, { requests: after[s].requests - before[s].requests, queries: after[s].queries - before[s].queries }]));
    };

    const ten = await measure(10);
    const hundred = await measure(100);
    expect(hundred).toEqual(ten);
    expect(hundred.crm.requests).toBe(1);
    expect(hundred.finance.requests).toBe(1);
    expect(hundred.analytics.requests).toBe(1);
    expect(hundred.inventory.requests).toBe(0);
    expect(hundred.cms.requests).toBe(0);
    for (const s of ['crm', 'finance', 'analytics']) expect(hundred[s].queries).toBe(1);
  });

  describe('bad input writes nothing and says why with a stable code', () => {
    const customers = async () => Number((await sql<{ n: string }>('crm', 'SELECT count(*) AS n FROM customers'))[0].n);

    it.each([
      ['a missing name', { email: 'x@example.test' }, 'BAD_USER_INPUT', /Field "name" of required type "String!" was not provided/],
      ['an empty name', { name: ' ', email: 'x@example.test' }, 'BAD_USER_INPUT', /name must not be empty/],
      ['a malformed email', { name: 'X', email: 'not-an-email' }, 'BAD_USER_INPUT', /email must be an email address/],
      ['a wrongly typed field', { name: 42, email: 'x@example.test' }, 'BAD_USER_INPUT', /String cannot represent a non string value/],
    ])('%s', async (_case, input, code, message) => {
      const before = await customers();
      const [error] = await errorsOf(client.request(CREATE, { input }));
      expect(error.extensions?.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.extensions).not.toHaveProperty('stacktrace');
      expect(await customers()).toBe(before);
    });

    it('a duplicate email', async () => {
      const email = `${run('dup')}@example.test`;
      const { createCustomer } = await client.request<Created>(CREATE, { input: { name: 'First', email } });
      const before = await customers();
      const [error] = await errorsOf(client.request(CREATE, { input: { name: 'Second', email: email.toUpperCase() } }));
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', existingId: createCustomer.id });
      expect(await customers()).toBe(before);
    });

    it('an unknown id', async () => {
      const id = randomUUID();
      const [error] = await errorsOf(client.request(CUSTOMER, { id }));
      expect(error).toMatchObject({ message: `Customer ${id} does not exist`, extensions: { code: 'NOT_FOUND' } });
    });
  });
});
