import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import { DealsService } from './deals.service';

/** The operations the deals area offers other areas, run inside the caller's transaction. */
describe('crm deal operations for other areas (real Postgres)', () => {
  let crm: TestSubgraph;
  let deals: DealsService;
  let customerId: string;
  let otherCustomerId: string;

  const contact = async (name: string): Promise<string> =>
    (await crm.dataSource.query(`INSERT INTO contacts (id, customer_id, first_name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [customerId, name]))[0]
      .id;
  const contactOf = async (dealId: string): Promise<string | null> =>
    (await crm.dataSource.query(`SELECT contact_id FROM deals WHERE id = $1`, [dealId]))[0].contact_id;
  const create = (input: { contactId?: string; customerId?: string } = {}) =>
    crm.dataSource.transaction((manager) => deals.createIn(manager, { name: 'Deal', customerId, amount: { amount: '5', currency: 'EUR' }, ...input }));

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    deals = crm.app.get(DealsService);
    [{ id: customerId }, { id: otherCustomerId }] = await crm.dataSource.query(
      `INSERT INTO customers (id, name, email) VALUES (gen_random_uuid(), 'Ops', 'ops@ops.test'), (gen_random_uuid(), 'Other', 'other@ops.test') RETURNING id`,
    );
  });
  afterAll(() => crm?.close());

  it('reassignContactIn moves the deals of the given contacts to another, and no others', async () => {
    const [a, b, survivor, bystander] = [await contact('A'), await contact('B'), await contact('Survivor'), await contact('Bystander')];
    const [ofA, ofB, ofBystander] = [await create({ contactId: a }), await create({ contactId: b }), await create({ contactId: bystander })];
    const moved = await crm.dataSource.transaction((manager) => deals.reassignContactIn(manager, [a, b], survivor));
    expect(moved).toBe(2);
    expect([await contactOf(ofA.id), await contactOf(ofB.id), await contactOf(ofBystander.id)]).toEqual([survivor, survivor, bystander]);
  });

  it("reassignContactIn is undone with the caller's transaction", async () => {
    const [from, to] = [await contact('From'), await contact('To')];
    const deal = await create({ contactId: from });
    await expect(
      crm.dataSource.transaction(async (manager) => {
        await deals.reassignContactIn(manager, [from], to);
        throw new Error('the merge failed');
      }),
    ).rejects.toThrow('the merge failed');
    expect(await contactOf(deal.id)).toBe(from);
  });

  it("belongsToCustomerIn says whether a deal exists and is the customer's", async () => {
    const deal = await create();
    const check = (dealId: string, customer: string) => crm.dataSource.transaction((manager) => deals.belongsToCustomerIn(manager, dealId, customer));
    expect(await check(deal.id, customerId)).toBe(true);
    expect(await check(deal.id, otherCustomerId)).toBe(false);
    expect(await check('00000000-0000-4000-8000-00000000dead', customerId)).toBe(false);
  });

  it("createIn writes the deal, its history and its event in the caller's transaction, and none of them when the caller fails", async () => {
    const count = async () =>
      (
        await crm.dataSource.query(
          `SELECT (SELECT count(*) FROM deals)::int + (SELECT count(*) FROM deal_stage_changes)::int + (SELECT count(*) FROM outbox)::int AS n`,
        )
      )[0].n;
    const before = await count();
    await expect(
      crm.dataSource.transaction(async (manager) => {
        await deals.createIn(manager, { name: 'Rolled back', customerId, amount: { amount: '1', currency: 'EUR' } });
        throw new Error('the conversion failed');
      }),
    ).rejects.toThrow('the conversion failed');
    expect(await count()).toBe(before);
    const deal = await create();
    expect(await crm.dataSource.query(`SELECT envelope->>'type' AS type FROM outbox WHERE key = $1`, [deal.id])).toEqual([{ type: 'crm.deal.stage-changed' }]);
  });
});
