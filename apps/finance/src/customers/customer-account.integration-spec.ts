import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { financeSubgraph } from '../finance.subgraph';

const BALANCES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id openBalance { amount currency } } } }`;

describe('finance Customer.openBalance (real Postgres)', () => {
  let finance: TestSubgraph;
  const alice = randomUUID();
  const bob = randomUUID();
  const carol = randomUUID();

  const invoice = (customerId: string, total: number, paid: number, status: string) =>
    finance.dataSource.query(`INSERT INTO invoices (id, customer_id, number, total_minor, paid_minor, status) VALUES ($1, $2, $3, $4, $5, $6)`, [
      randomUUID(),
      customerId,
      `INV-${randomUUID().slice(0, 8)}`,
      total,
      paid,
      status,
    ]);

  beforeAll(async () => {
    finance = await startTestSubgraph(financeSubgraph);
    await invoice(alice, 125050, 25000, 'open');
    await invoice(alice, 1999, 0, 'open');
    await invoice(alice, 99999, 99999, 'paid');
    await invoice(bob, 5000, 0, 'void');
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

  it('loads the balances of a whole batch with one query', async () => {
    const measure = async (n: number) => {
      const before = await finance.queryCount();
      const r = Array.from({ length: n }, () => ({ __typename: 'Customer', id: randomUUID() }));
      const result = await finance.request(BALANCES, { r });
      expect(result.errors).toBeUndefined();
      return (await finance.queryCount()) - before;
    };
    expect(await measure(2)).toBe(1);
    expect(await measure(250)).toBe(1);
  });

  it('refuses a paid amount above the invoice total', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(invoice(carol, 100, 101, 'open')).rejects.toThrow(/check constraint/);
  });
});
