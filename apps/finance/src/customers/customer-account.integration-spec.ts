import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { financeSubgraph } from '../finance.subgraph';
import { financeClient } from '../testing/finance-client';

const BALANCES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id openBalance { amount currency } } } }`;
const ACCOUNT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id openBalance { amount } overdueAmount { amount } lifetimeRevenue { amount }
  invoices(first: 10, status: POSTED) { nodes { number } } } } }`;

describe('finance Customer account fields (real Postgres)', () => {
  let finance: TestSubgraph;
  let fx: ReturnType<typeof financeClient>;
  const alice = randomUUID();
  const bob = randomUUID();
  const carol = randomUUID();

  beforeAll(async () => {
    finance = await startTestSubgraph(financeSubgraph);
    fx = financeClient(finance);
    const a1 = await fx.posted(alice, '1250.50', { issueDate: '2020-01-01' });
    await fx.pay({
      customerId: alice,
      amount: { amount: '250.00', currency: 'USD' },
      allocations: [{ invoiceId: a1.id, amount: { amount: '250.00', currency: 'USD' } }],
    });
    await fx.posted(alice, '19.99', { dueDate: '2999-01-01' });
    const paid = await fx.posted(alice, '999.99');
    await fx.pay({ customerId: alice, amount: { amount: '999.99', currency: 'USD' }, reference: paid.number });
    await fx.cancel((await fx.posted(bob, '50.00')).id);
  });
  afterAll(() => finance?.close());

  it('sums what is still owed on open invoices only, as a decimal string', async () => {
    const result = await finance.request<{ _entities: { id: string; openBalance: { amount: string; currency: string } }[] }>(BALANCES, {
      r: [alice, bob, carol].map((id) => ({ __typename: 'Customer', id })),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: alice, openBalance: { amount: '1020.49', currency: 'USD' } },
      { id: bob, openBalance: { amount: '0.00', currency: 'USD' } },
      { id: carol, openBalance: { amount: '0.00', currency: 'USD' } },
    ]);
  });

  it('adds overdue, lifetime revenue (less credit notes) and the invoices by status', async () => {
    const result = await finance.request<{ _entities: unknown[] }>(ACCOUNT, { r: [alice, bob].map((id) => ({ __typename: 'Customer', id })) });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        id: alice,
        openBalance: { amount: '1020.49' },
        overdueAmount: { amount: '1000.50' },
        lifetimeRevenue: { amount: '2270.48' },
        invoices: { nodes: [{ number: expect.any(String) }] },
      },
      { id: bob, openBalance: { amount: '0.00' }, overdueAmount: { amount: '0.00' }, lifetimeRevenue: { amount: '0.00' }, invoices: { nodes: [] } },
    ]);
  });

  it('loads the balances of a whole batch with one query, and each account field with one more', async () => {
    const measure = async (query: string, n: number) => {
      const before = await finance.queryCount();
      const r = Array.from({ length: n }, () => ({ __typename: 'Customer', id: randomUUID() }));
      const result = await finance.request(query, { r });
      expect(result.errors).toBeUndefined();
      return (await finance.queryCount()) - before;
    };
    expect(await measure(BALANCES, 2)).toBe(1);
    expect(await measure(BALANCES, 250)).toBe(1);
    expect(await measure(ACCOUNT, 250)).toBe(3);
  });

  it('refuses a paid amount above the invoice total', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(
      finance.dataSource.query(
        `INSERT INTO invoices (id, customer_id, number, total_minor, paid_minor, status, currency) VALUES ($1, $2, $3, 100, 101, 'posted', 'USD')`,
        [randomUUID(), carol, `INV-${randomUUID().slice(0, 8)}`],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
