import { Role } from '@platform/auth';
import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
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
    const result = await crm.request(
      `query($id: ID!) { pipeline(id: $id) { name isDefault stages { name position probability } } }`,
      { id: SALES },
      { sub: 'a', roles: [Role.Analyst] },
    );
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
      input: {
        name: ' Renewals ',
        stages: [
          { name: 'Notice', probability: 40 },
          { name: 'Offer', probability: 70 },
          { name: 'Signed', probability: 100 },
        ],
      },
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
    const result = await crm.request<{ createPipeline: { id: string } }>(CREATE, {
      input: { name: 'Direct', stages: [{ name: 'Only', probability: 20 }], isDefault: true },
    });
    const id = result.data!.createPipeline.id;
    expect(await crm.dataSource.query('SELECT id FROM pipelines WHERE is_default')).toEqual([{ id }]);
    const customer = await crm.request<{ createCustomer: { id: string } }>(`mutation { createCustomer(input: { name: "P", email: "p@p.test" }) { id } }`);
    const deal = await crm.request(
      `mutation($c: ID!) { createDeal(input: { name: "D", customerId: $c, amount: { amount: "1", currency: "EUR" } }) { pipeline { id } stage { name } } }`,
      {
        c: customer.data!.createCustomer.id,
      },
    );
    expect(deal.data).toEqual({ createDeal: { pipeline: { id }, stage: { name: 'Only' } } });
  });

  it('makes concurrent new defaults take turns: each succeeds and exactly one pipeline ends up the default', async () => {
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        crm.request<{ createPipeline: { id: string } }>(CREATE, {
          input: { name: `Racing default ${i}`, stages: [{ name: 'A', probability: 1 }], isDefault: true },
        }),
      ),
    );
    expect(results.map((r) => r.errors?.[0].extensions?.code)).toEqual([undefined, undefined, undefined, undefined]);
    const defaults = await crm.dataSource.query('SELECT id FROM pipelines WHERE is_default');
    expect(defaults).toHaveLength(1);
    expect(results.map((r) => r.data!.createPipeline.id)).toContain(defaults[0].id);
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
    [
      'duplicate stage names',
      {
        name: 'Dup',
        stages: [
          { name: 'One', probability: 1 },
          { name: 'one', probability: 2 },
        ],
      },
    ],
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
    for (let i = 0; i < 4; i++)
      await crm.request(CREATE, {
        input: {
          name: `Page ${i}`,
          stages: [
            { name: 'A', probability: 1 },
            { name: 'B', probability: 2 },
          ],
        },
      });
    const total = await scalar('SELECT count(*) AS n FROM pipelines');
    const pages = await allPages<{ id: string }>(
      crm,
      `query($after: String) { pipelines(first: 3, after: $after) { nodes { id stages { id } } pageInfo { hasNextPage endCursor } } }`,
      {},
      ['pipelines'],
    );
    const seen = pages.map((n) => n.id);
    expect(seen[0]).toBe(SALES);
    expect(new Set(seen).size).toBe(total);
    const before = await crm.queryCount();
    await crm.request(`{ pipelines(first: 100) { nodes { stages { id } } } }`);
    expect((await crm.queryCount()) - before).toBe(2);
  });

  describe('stage changes', () => {
    const ADD = `mutation($p: ID!, $name: String!, $probability: Int!, $position: Int) {
      addPipelineStage(pipelineId: $p, name: $name, probability: $probability, position: $position) { stages { name position probability } } }`;
    const REORDER = `mutation($p: ID!, $ids: [ID!]!) { reorderPipelineStages(pipelineId: $p, stageIds: $ids) { stages { id name position } } }`;
    const make = async (name: string, stages: string[]) =>
      (await crm.request<{ createPipeline: { id: string } }>(CREATE, { input: { name, stages: stages.map((n) => ({ name: n, probability: 10 })) } })).data!
        .createPipeline.id;
    const stageIds = async (pipelineId: string): Promise<string[]> =>
      (await crm.dataSource.query(`SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position`, [pipelineId])).map((r: { id: string }) => r.id);

    it('inserts a stage at a position, moving the later ones down, or appends it', async () => {
      const p = await make('Insertions', ['One', 'Three']);
      const inserted = await crm.request(ADD, { p, name: 'Two', probability: 50, position: 1 });
      expect(inserted.data).toEqual({
        addPipelineStage: {
          stages: [
            { name: 'One', position: 0, probability: 10 },
            { name: 'Two', position: 1, probability: 50 },
            { name: 'Three', position: 2, probability: 10 },
          ],
        },
      });
      const appended = await crm.request<{ addPipelineStage: { stages: { name: string }[] } }>(ADD, { p, name: 'Four', probability: 90 });
      expect(appended.data!.addPipelineStage.stages.map((s) => s.name)).toEqual(['One', 'Two', 'Three', 'Four']);
      expect(await crm.dataSource.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [p])).toEqual([
        { action: 'createPipeline' },
        { action: 'addPipelineStage' },
        { action: 'addPipelineStage' },
      ]);
    });

    it('refuses a taken stage name (CONFLICT), a position past the end and a 31st stage, writing nothing', async () => {
      const p = await make('Guarded', ['One']);
      const full = await make(
        'Full',
        Array.from({ length: 30 }, (_, i) => `S${i}`),
      );
      const before = await footprint();
      expect((await crm.request(ADD, { p, name: 'ONE', probability: 1, position: 0 })).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect((await crm.request(ADD, { p, name: 'Two', probability: 1, position: 5 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await crm.request(ADD, { p: full, name: 'S30', probability: 1 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await crm.request(ADD, { p: '00000000-0000-4000-8000-00000000dead', name: 'X', probability: 1 })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await footprint()).toEqual(before);
      expect(await stageIds(p)).toHaveLength(1);
    });

    it('reorders stages when given each of them once, and refuses anything else', async () => {
      const p = await make('Reordered', ['A', 'B', 'C']);
      const [a, b, c] = await stageIds(p);
      const result = await crm.request(REORDER, { p, ids: [c, a, b] });
      expect(result.data).toEqual({
        reorderPipelineStages: {
          stages: [
            { id: c, name: 'C', position: 0 },
            { id: a, name: 'A', position: 1 },
            { id: b, name: 'B', position: 2 },
          ],
        },
      });
      const before = await footprint();
      for (const ids of [
        [c, a],
        [c, a, a],
        [c, a, b, '00000000-0000-4000-8000-000000000101'],
      ]) {
        expect((await crm.request(REORDER, { p, ids })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect(await footprint()).toEqual(before);
      expect(await stageIds(p)).toEqual([c, a, b]);
    });

    it('serialises concurrent inserts and reorders of one pipeline: positions stay 0..n-1 with every stage once', async () => {
      const p = await make('Contended', ['A', 'B']);
      const [a, b] = await stageIds(p);
      const results = await Promise.all([
        crm.request(ADD, { p, name: 'X1', probability: 5, position: 0 }),
        crm.request(REORDER, { p, ids: [b, a] }),
        crm.request(ADD, { p, name: 'X2', probability: 5, position: 1 }),
        crm.request(ADD, { p, name: 'X3', probability: 5 }),
        crm.request(ADD, { p, name: 'x3', probability: 5 }),
      ]);
      const codes = results.map((r) => r.errors?.[0].extensions?.code ?? 'ok');
      expect(codes.filter((c) => c !== 'ok' && c !== 'CONFLICT' && c !== 'BAD_USER_INPUT')).toEqual([]);
      expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(1);
      const rows: { name: string; position: number }[] = await crm.dataSource.query(
        `SELECT name, position FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position`,
        [p],
      );
      expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
      expect(rows.map((r) => r.name.toLowerCase()).sort()).toEqual(['a', 'b', 'x1', 'x2', 'x3']);
    });

    it('lets only pipeline:manage change stages', async () => {
      const result = await crm.request(ADD, { p: SALES, name: 'Mine', probability: 5 }, { sub: 's', roles: [Role.Sales] });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  it('answers NOT_FOUND for an unknown pipeline', async () => {
    const result = await crm.request(`{ pipeline(id: "00000000-0000-4000-8000-00000000dead") { id } }`);
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
