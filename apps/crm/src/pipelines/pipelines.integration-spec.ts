import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

const SALES = '00000000-0000-4000-8000-000000000001';
const CREATE = `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { id name isDefault stages { name position probability } } }`;

describe('crm pipelines (real Postgres)', () => {
  let crm: TestSubgraph;
  const scalar = async (sql: string) => Number((await crm.dataSource.query(sql))[0].n);
  const footprint = async () => ({
    pipelines: await scalar('SELECT count(*) AS n FROM pipelines'),
    stages: await scalar('SELECT count(*) AS n FROM pipeline_stages'),
    audit: await scalar('SELECT count(*) AS n FROM audit_log'),
    defaults: (await crm.dataSource.query('SELECT id FROM pipelines WHERE is_default'))[0]?.id,
  });

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
  });
  afterAll(() => crm?.close());

  it('seeds the default Sales pipeline with four stages in order', async () => {
    const result = await crm.request(`query($id: ID!) { pipeline(id: $id) { name isDefault stages { name position probability } } }`, { id: SALES }, { sub: 'a', roles: [Role.Analyst] });
    expect(result.data).toEqual({
      pipeline: {
        name: 'Sales',
        isDefault: true,
        stages: [
          { name: 'Qualification', position: 0, probability: 10 },
          { name: 'Needs analysis', position: 1, probability: 25 },
          { name: 'Proposal', position: 2, probability: 50 },
          { name: 'Negotiation', position: 3, probability: 75 },
        ],
      },
    });
  });

  it('creates a pipeline with ordered stages and audits it', async () => {
    const result = await crm.request<{ createPipeline: { id: string } }>(CREATE, {
      input: { name: ' Renewals ', stages: [{ name: 'Notice', probability: 40 }, { name: 'Offer', probability: 70 }, { name: 'Signed', probability: 100 }] },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createPipeline).toMatchObject({
      name: 'Renewals',
      isDefault: false,
      stages: [
        { name: 'Notice', position: 0, probability: 40 },
        { name: 'Offer', position: 1, probability: 70 },
        { name: 'Signed', position: 2, probability: 100 },
      ],
    });
    const audit = await crm.dataSource.query(`SELECT action FROM audit_log WHERE target = $1`, [result.data!.createPipeline.id]);
    expect(audit).toEqual([{ action: 'createPipeline' }]);
  });

  it('makes a new default pipeline the only default, where new deals then go', async () => {
    const result = await crm.request<{ createPipeline: { id: string } }>(CREATE, { input: { name: 'Direct', stages: [{ name: 'Only', probability: 20 }], isDefault: true } });
    const id = result.data!.createPipeline.id;
    expect(await crm.dataSource.query('SELECT id FROM pipelines WHERE is_default')).toEqual([{ id }]);
    const customer = await crm.request<{ createCustomer: { id: string } }>(`mutation { createCustomer(input: { name: "P", email: "p@p.test" }) { id } }`);
    const deal = await crm.request(`mutation($c: ID!) { createDeal(input: { name: "D", customerId: $c, amount: { amount: "1", currency: "EUR" } }) { pipeline { id } stage { name } } }`, {
      c: customer.data!.createCustomer.id,
    });
    expect(deal.data).toEqual({ createDeal: { pipeline: { id }, stage: { name: 'Only' } } });
  });

  it('answers CONFLICT for a taken name, whatever its case, and writes nothing', async () => {
    const before = await footprint();
    const result = await crm.request(CREATE, { input: { name: 'SALES', stages: [{ name: 'X', probability: 1 }], isDefault: true } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: SALES });
    expect(await footprint()).toEqual(before);
  });

  it.each([
    ['no stages', { name: 'Empty', stages: [] }],
    ['31 stages', { name: 'Long', stages: Array.from({ length: 31 }, (_, i) => ({ name: `S${i}`, probability: 1 })) }],
    ['duplicate stage names', { name: 'Dup', stages: [{ name: 'One', probability: 1 }, { name: 'one', probability: 2 }] }],
    ['a probability over 100', { name: 'Odds', stages: [{ name: 'One', probability: 101 }] }],
    ['a negative probability', { name: 'Odds', stages: [{ name: 'One', probability: -1 }] }],
    ['an empty name', { name: '  ', stages: [{ name: 'One', probability: 1 }] }],
    ['an empty stage name', { name: 'Named', stages: [{ name: ' ', probability: 1 }] }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, input) => {
    const before = await footprint();
    const result = await crm.request(CREATE, { input });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await footprint()).toEqual(before);
  });

  it('lets only pipeline:manage create pipelines', async () => {
    const result = await crm.request(CREATE, { input: { name: 'Mine', stages: [{ name: 'A', probability: 1 }] } }, { sub: 's', roles: [Role.Sales] });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('pages through pipelines with their stages in one statement for all of them', async () => {
    for (let i = 0; i < 4; i++) await crm.request(CREATE, { input: { name: `Page ${i}`, stages: [{ name: 'A', probability: 1 }, { name: 'B', probability: 2 }] } });
    const total = await scalar('SELECT count(*) AS n FROM pipelines');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: { pipelines: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await crm.request(
        `query($after: String) { pipelines(first: 3, after: $after) { nodes { id stages { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.data!.pipelines.nodes.map((n) => n.id));
      if (!page.data!.pipelines.pageInfo.hasNextPage) break;
      after = page.data!.pipelines.pageInfo.endCursor;
    }
    expect(seen[0]).toBe(SALES);
    expect(new Set(seen).size).toBe(total);
    const before = await crm.queryCount();
    await crm.request(`{ pipelines(first: 100) { nodes { stages { id } } } }`);
    expect((await crm.queryCount()) - before).toBe(2);
  });

  it('answers NOT_FOUND for an unknown pipeline', async () => {
    const result = await crm.request(`{ pipeline(id: "00000000-0000-4000-8000-00000000dead") { id } }`);
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
