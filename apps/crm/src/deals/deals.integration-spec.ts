import { Role } from '@platform/auth';
import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

const SALES = '00000000-0000-4000-8000-000000000001';
const QUALIFICATION = '00000000-0000-4000-8000-000000000101';
const NEEDS_ANALYSIS = '00000000-0000-4000-8000-000000000102';
const PROPOSAL = '00000000-0000-4000-8000-000000000103';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const MISSING = '00000000-0000-4000-8000-00000000dead';

const DEAL_FIELDS = `id name contactId ownerId expectedCloseDate status closeReason closedAt createdAt updatedAt
  amount { amount currency } customer { id name } pipeline { id name } stage { id name probability }
  lineItems { productId description quantity unitPrice { amount currency } total { amount currency } }
  stageHistory { fromStageId toStageId fromStatus toStatus changedBy }`;
const CREATE = `mutation($input: CreateDealInput!) { createDeal(input: $input) { ${DEAL_FIELDS} } }`;
const MOVE = `mutation($dealId: ID!, $stageId: ID!) { moveDealStage(dealId: $dealId, stageId: $stageId) { id stage { id } status } }`;
const WIN = `mutation($dealId: ID!, $reason: String!) { winDeal(dealId: $dealId, reason: $reason) { id status closeReason closedAt } }`;
const LOSE = `mutation($dealId: ID!, $reason: String!) { loseDeal(dealId: $dealId, reason: $reason) { id status closeReason closedAt } }`;

type DealResult = {
  id: string;
  amount: { amount: string; currency: string };
  stage: { id: string; probability: number };
  lineItems: { productId: string }[];
  stageHistory: { toStageId: string; toStatus: string }[];
  createdAt: string;
};

describe('crm deals (real Postgres)', () => {
  let crm: TestSubgraph;
  let customerId: string;
  let otherCustomerId: string;

  const scalar = async (sql: string, params: unknown[] = []) => Number((await crm.dataSource.query(sql, params))[0].n);
  /** Row counts of everything a deal command writes. */
  const footprint = async () => ({
    deals: await scalar('SELECT count(*) AS n FROM deals'),
    lines: await scalar('SELECT count(*) AS n FROM deal_line_items'),
    changes: await scalar('SELECT count(*) AS n FROM deal_stage_changes'),
    outbox: await scalar('SELECT count(*) AS n FROM outbox'),
    audit: await scalar('SELECT count(*) AS n FROM audit_log'),
    updated: (await crm.dataSource.query(`SELECT coalesce(max(updated_at), 'epoch') AS t FROM deals`))[0].t.toISOString(),
  });
  const createDeal = async (input: Record<string, unknown>) => {
    const result = await crm.request<{ createDeal: DealResult }>(CREATE, { input: { name: 'Deal', customerId, ...input } });
    expect(result.errors).toBeUndefined();
    return result.data!.createDeal;
  };
  const createCustomer = async (name: string) => {
    const result = await crm.request<{ createCustomer: { id: string } }>(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
      input: { name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.test` },
    });
    return result.data!.createCustomer.id;
  };

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    customerId = await createCustomer('Acme');
    otherCustomerId = await createCustomer('Globex');
  });
  afterAll(() => crm?.close());

  describe('createDeal', () => {
    it('puts a deal in the first stage of the default pipeline, owned by the caller, with the amount given', async () => {
      const result = await crm.request<{ createDeal: DealResult }>(
        CREATE,
        { input: { name: '  Renewal  ', customerId, amount: { amount: '1200.50', currency: 'EUR' }, expectedCloseDate: '2026-03-31' } },
        { sub: 'u1', roles: [Role.Sales] },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.createDeal).toMatchObject({
        name: 'Renewal',
        ownerId: 'u1',
        status: 'OPEN',
        expectedCloseDate: '2026-03-31',
        closeReason: null,
        closedAt: null,
        amount: { amount: '1200.50', currency: 'EUR' },
        customer: { id: customerId, name: 'Acme' },
        pipeline: { id: SALES, name: 'Sales' },
        stage: { id: QUALIFICATION, name: 'Qualification', probability: 10 },
        lineItems: [],
        stageHistory: [{ fromStageId: null, toStageId: QUALIFICATION, fromStatus: null, toStatus: 'OPEN', changedBy: 'u1' }],
      });
      const id = result.data!.createDeal.id;
      const [event] = await crm.dataSource.query(`SELECT topic, envelope FROM outbox WHERE key = $1`, [id]);
      expect(event.topic).toBe('crm.deal');
      expect(event.envelope).toMatchObject({
        type: 'crm.deal.stage-changed',
        subject: id,
        data: { dealId: id, customerId, pipelineId: SALES, fromStageId: null, toStageId: QUALIFICATION, probability: 10 },
      });
    });

    it('sums the line items into the amount and keeps them in order', async () => {
      const deal = await createDeal({
        stageId: PROPOSAL,
        lineItems: [
          { productId: P1, description: 'Widgets', quantity: 3, unitPrice: { amount: '19.99', currency: 'USD' } },
          { productId: P2, quantity: 2, unitPrice: { amount: '5', currency: 'USD' } },
        ],
      });
      expect(deal.amount).toEqual({ amount: '69.97', currency: 'USD' });
      expect(deal.stage).toMatchObject({ id: PROPOSAL, probability: 50 });
      expect(deal.lineItems).toEqual([
        { productId: P1, description: 'Widgets', quantity: 3, unitPrice: { amount: '19.99', currency: 'USD' }, total: { amount: '59.97', currency: 'USD' } },
        { productId: P2, description: null, quantity: 2, unitPrice: { amount: '5.00', currency: 'USD' }, total: { amount: '10.00', currency: 'USD' } },
      ]);
      const [row] = await crm.dataSource.query(`SELECT amount_minor::text AS a, currency FROM deals WHERE id = $1`, [deal.id]);
      expect(row).toEqual({ a: '6997', currency: 'USD' });
    });

    it('accepts an amount equal to the sum of the line items', async () => {
      const deal = await createDeal({
        amount: { amount: '10.00', currency: 'USD' },
        lineItems: [{ productId: P1, quantity: 2, unitPrice: { amount: '5.00', currency: 'USD' } }],
      });
      expect(deal.amount).toEqual({ amount: '10.00', currency: 'USD' });
    });

    it.each([
      [
        'mixed currencies',
        {
          lineItems: [
            { productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'USD' } },
            { productId: P2, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
          ],
        },
        'BAD_USER_INPUT',
      ],
      [
        'an amount unequal to the line items',
        { amount: { amount: '11', currency: 'USD' }, lineItems: [{ productId: P1, quantity: 2, unitPrice: { amount: '5', currency: 'USD' } }] },
        'BAD_USER_INPUT',
      ],
      [
        'an amount in another currency than the line items',
        { amount: { amount: '10', currency: 'EUR' }, lineItems: [{ productId: P1, quantity: 2, unitPrice: { amount: '5', currency: 'USD' } }] },
        'BAD_USER_INPUT',
      ],
      ['no amount and no line items', {}, 'BAD_USER_INPUT'],
      ['more decimals than the currency has', { amount: { amount: '10.5', currency: 'JPY' } }, 'BAD_USER_INPUT'],
      ['an unknown currency', { amount: { amount: '10', currency: 'XYZ' } }, 'BAD_USER_INPUT'],
      ['a zero quantity', { lineItems: [{ productId: P1, quantity: 0, unitPrice: { amount: '5', currency: 'USD' } }] }, 'BAD_USER_INPUT'],
      ['an unknown customer', { customerId: MISSING, amount: { amount: '1', currency: 'EUR' } }, 'NOT_FOUND'],
      ['an unknown contact', { contactId: MISSING, amount: { amount: '1', currency: 'EUR' } }, 'NOT_FOUND'],
      ['an unknown pipeline', { pipelineId: MISSING, amount: { amount: '1', currency: 'EUR' } }, 'NOT_FOUND'],
      ['an unknown stage', { stageId: MISSING, amount: { amount: '1', currency: 'EUR' } }, 'NOT_FOUND'],
      ['a bad date', { expectedCloseDate: '2026-02-30', amount: { amount: '1', currency: 'EUR' } }, 'BAD_USER_INPUT'],
    ])('refuses %s with %s and writes nothing', async (_case, input, code) => {
      const before = await footprint();
      const result = await crm.request(CREATE, { input: { name: 'Bad', customerId, ...input } });
      expect(result.errors?.[0].extensions?.code).toBe(code);
      expect(await footprint()).toEqual(before);
    });

    it('refuses a stage of another pipeline than the one given with BAD_USER_INPUT', async () => {
      const other = await crm.request<{ createPipeline: { id: string } }>(
        `mutation { createPipeline(input: { name: "Partners", stages: [{ name: "Intro", probability: 5 }] }) { id } }`,
      );
      const before = await footprint();
      const result = await crm.request(CREATE, {
        input: { name: 'Bad', customerId, pipelineId: other.data!.createPipeline.id, stageId: PROPOSAL, amount: { amount: '1', currency: 'EUR' } },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain('another pipeline');
      expect(await footprint()).toEqual(before);
    });
  });

  describe('moving and closing', () => {
    it('moves a deal, records the change and emits crm.deal.stage-changed with the probability', async () => {
      const deal = await createDeal({ amount: { amount: '100', currency: 'EUR' } });
      const moved = await crm.request(MOVE, { dealId: deal.id, stageId: PROPOSAL }, { sub: 'mover', roles: [Role.Sales] });
      expect(moved.errors).toBeUndefined();
      expect(moved.data).toEqual({ moveDealStage: { id: deal.id, stage: { id: PROPOSAL }, status: 'OPEN' } });
      const changes = await crm.dataSource.query(
        `SELECT from_stage_id AS "from", to_stage_id AS "to", from_status AS "fromStatus", to_status AS "toStatus", changed_by AS "by" FROM deal_stage_changes WHERE deal_id = $1 ORDER BY changed_at, id`,
        [deal.id],
      );
      expect(changes).toEqual([
        { from: null, to: QUALIFICATION, fromStatus: null, toStatus: 'open', by: 'test-admin' },
        { from: QUALIFICATION, to: PROPOSAL, fromStatus: 'open', toStatus: 'open', by: 'mover' },
      ]);
      const events = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 ORDER BY id`, [deal.id]);
      expect(events.map((e: { envelope: { data: unknown } }) => e.envelope.data)).toEqual([
        expect.objectContaining({ fromStageId: null, toStageId: QUALIFICATION, probability: 10 }),
        expect.objectContaining({ fromStageId: QUALIFICATION, toStageId: PROPOSAL, probability: 50, pipelineId: SALES, customerId }),
      ]);
    });

    it('refuses a move into the current stage, another pipeline, or of a closed deal with ILLEGAL_STAGE_MOVE and writes nothing', async () => {
      const deal = await createDeal({ amount: { amount: '100', currency: 'EUR' } });
      const [other] = await crm.dataSource.query(`SELECT id FROM pipeline_stages WHERE pipeline_id <> $1 LIMIT 1`, [SALES]);
      let before = await footprint();
      const same = await crm.request(MOVE, { dealId: deal.id, stageId: QUALIFICATION });
      expect(same.errors?.[0].extensions?.code).toBe('ILLEGAL_STAGE_MOVE');
      expect(same.errors?.[0].message).toBe(`Deal ${deal.id} is already in stage Qualification`);
      const elsewhere = await crm.request(MOVE, { dealId: deal.id, stageId: other.id });
      expect(elsewhere.errors?.[0].extensions?.code).toBe('ILLEGAL_STAGE_MOVE');
      expect(elsewhere.errors?.[0].message).toContain('belongs to another pipeline');
      expect(await footprint()).toEqual(before);

      expect((await crm.request(LOSE, { dealId: deal.id, reason: 'Budget cut' })).errors).toBeUndefined();
      before = await footprint();
      const closed = await crm.request(MOVE, { dealId: deal.id, stageId: PROPOSAL });
      expect(closed.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_STAGE_MOVE', status: 'LOST' });
      expect(closed.errors?.[0].message).toContain('is already lost');
      expect(await footprint()).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown deal or stage, or an id that names none', async () => {
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      expect((await crm.request(MOVE, { dealId: MISSING, stageId: PROPOSAL })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await crm.request(MOVE, { dealId: deal.id, stageId: MISSING })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await crm.request(WIN, { dealId: 'nope', reason: 'x' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await crm.request(MOVE, { dealId: deal.id, stageId: 'nope' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('wins a deal: status, reason, history, audit and crm.deal.won with customer, contact, owner and every line item', async () => {
      const [contact] = await crm.dataSource.query(`INSERT INTO contacts (id, customer_id, first_name) VALUES (gen_random_uuid(), $1, 'Ann') RETURNING id`, [
        customerId,
      ]);
      const deal = await createDeal({
        contactId: contact.id,
        ownerId: 'rep-7',
        lineItems: [
          { productId: P1, description: 'Widgets', quantity: 3, unitPrice: { amount: '19.99', currency: 'USD' } },
          { productId: P2, quantity: 1, unitPrice: { amount: '100', currency: 'USD' } },
        ],
      });
      const won = await crm.request<{ winDeal: { closedAt: string } }>(
        WIN,
        { dealId: deal.id, reason: '  Best price  ' },
        { sub: 'closer', roles: [Role.Sales] },
      );
      expect(won.errors).toBeUndefined();
      expect(won.data!.winDeal).toMatchObject({ id: deal.id, status: 'WON', closeReason: 'Best price' });
      const closedAt = won.data!.winDeal.closedAt;
      const [event] = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = 'crm.deal.won'`, [deal.id]);
      expect(event.envelope.data).toEqual({
        dealId: deal.id,
        customerId,
        contactId: contact.id,
        ownerId: 'rep-7',
        amount: { amount: '159.97', currency: 'USD' },
        lineItems: [
          { productId: P1, description: 'Widgets', quantity: 3, unitPrice: { amount: '19.99', currency: 'USD' } },
          { productId: P2, description: null, quantity: 1, unitPrice: { amount: '100.00', currency: 'USD' } },
        ],
        reason: 'Best price',
        wonAt: closedAt,
      });
      const [change] = await crm.dataSource.query(
        `SELECT from_stage_id AS "from", to_stage_id AS "to", from_status AS "fromStatus", to_status AS "toStatus" FROM deal_stage_changes WHERE deal_id = $1 AND to_status = 'won'`,
        [deal.id],
      );
      expect(change).toEqual({ from: QUALIFICATION, to: QUALIFICATION, fromStatus: 'open', toStatus: 'won' });
      const audit = await crm.dataSource.query(`SELECT action, actor FROM audit_log WHERE target = $1`, [deal.id]);
      expect(audit).toEqual([expect.objectContaining({ action: 'winDeal' })]);
    });

    it('wins a deal without line items: the event carries the amount and no lines', async () => {
      const deal = await createDeal({ amount: { amount: '5000', currency: 'EUR' } });
      expect((await crm.request(WIN, { dealId: deal.id, reason: 'Signed' })).errors).toBeUndefined();
      const [event] = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = 'crm.deal.won'`, [deal.id]);
      expect(event.envelope.data).toMatchObject({ amount: { amount: '5000.00', currency: 'EUR' }, lineItems: [], contactId: null });
    });

    it('loses a deal and emits crm.deal.lost', async () => {
      const deal = await createDeal({ amount: { amount: '70', currency: 'EUR' } });
      const lost = await crm.request<{ loseDeal: { closedAt: string } }>(LOSE, { dealId: deal.id, reason: 'Went with a competitor' });
      expect(lost.data!.loseDeal).toMatchObject({ status: 'LOST', closeReason: 'Went with a competitor' });
      const [event] = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = 'crm.deal.lost'`, [deal.id]);
      expect(event.envelope.data).toEqual({
        dealId: deal.id,
        customerId,
        amount: { amount: '70.00', currency: 'EUR' },
        reason: 'Went with a competitor',
        lostAt: lost.data!.loseDeal.closedAt,
      });
    });

    it('refuses closing a closed deal, and editing it, with ILLEGAL_STAGE_MOVE and writes nothing', async () => {
      const deal = await createDeal({ amount: { amount: '70', currency: 'EUR' } });
      await crm.request(WIN, { dealId: deal.id, reason: 'Signed' });
      const before = await footprint();
      for (const [op, vars] of [
        [WIN, { dealId: deal.id, reason: 'Again' }],
        [LOSE, { dealId: deal.id, reason: 'Changed my mind' }],
        [`mutation($id: ID!) { updateDeal(id: $id, input: { name: "Renamed" }) { id } }`, { id: deal.id }],
        [`mutation($dealId: ID!) { setDealLineItems(dealId: $dealId, lineItems: []) { id } }`, { dealId: deal.id }],
      ] as const) {
        const result = await crm.request(op, vars);
        expect(result.errors?.[0].extensions).toMatchObject({ code: 'ILLEGAL_STAGE_MOVE', status: 'WON' });
      }
      expect(await footprint()).toEqual(before);
    });

    it.each(['', '   ', 'x'.repeat(501)])('requires a reason of 1 to 500 characters (%#)', async (reason) => {
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      const before = await footprint();
      const result = await crm.request(WIN, { dealId: deal.id, reason });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
    });

    it('lets only one of two concurrent moves of one deal into the same stage succeed', async () => {
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      const results = await Promise.all([0, 1, 2].map(() => crm.request(MOVE, { dealId: deal.id, stageId: PROPOSAL })));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions?.code === 'ILLEGAL_STAGE_MOVE')).toHaveLength(2);
      expect(await scalar(`SELECT count(*) AS n FROM deal_stage_changes WHERE deal_id = $1 AND to_stage_id = $2`, [deal.id, PROPOSAL])).toBe(1);
      expect(await scalar(`SELECT count(*) AS n FROM outbox WHERE key = $1`, [deal.id])).toBe(2);
    });

    it('lets only one of two concurrent closes of one deal succeed', async () => {
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      const results = await Promise.all([
        crm.request(WIN, { dealId: deal.id, reason: 'A' }),
        crm.request(LOSE, { dealId: deal.id, reason: 'B' }),
        crm.request(MOVE, { dealId: deal.id, stageId: PROPOSAL }),
        crm.request(MOVE, { dealId: deal.id, stageId: PROPOSAL }),
      ]);
      const closes = results.slice(0, 2).filter((r) => !r.errors);
      expect(closes).toHaveLength(1);
      const moves = results.slice(2).filter((r) => !r.errors);
      expect(moves.length).toBeLessThanOrEqual(1);
      for (const refused of results.filter((r) => r.errors)) expect(refused.errors?.[0].extensions?.code).toBe('ILLEGAL_STAGE_MOVE');
      expect(await scalar(`SELECT count(*) AS n FROM deal_stage_changes WHERE deal_id = $1 AND to_status <> 'open'`, [deal.id])).toBe(1);
      expect(await scalar(`SELECT count(*) AS n FROM outbox WHERE key = $1 AND envelope->>'type' IN ('crm.deal.won', 'crm.deal.lost')`, [deal.id])).toBe(1);
    });
  });

  describe('updating', () => {
    it('changes fields, clears the expected close date, and keeps the amount tied to the line items', async () => {
      const deal = await createDeal({
        expectedCloseDate: '2026-01-15',
        lineItems: [{ productId: P1, quantity: 2, unitPrice: { amount: '5', currency: 'USD' } }],
      });
      const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { name ownerId expectedCloseDate amount { amount currency } } }`;
      const updated = await crm.request(UPDATE, { id: deal.id, input: { name: 'Bigger', ownerId: 'rep-2', expectedCloseDate: null } });
      expect(updated.data).toEqual({ updateDeal: { name: 'Bigger', ownerId: 'rep-2', expectedCloseDate: null, amount: { amount: '10.00', currency: 'USD' } } });
      const before = await footprint();
      const wrong = await crm.request(UPDATE, { id: deal.id, input: { amount: { amount: '12', currency: 'USD' } } });
      expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
    });

    it('checks a new contact: NOT_FOUND when unknown, BAD_USER_INPUT when it belongs to another customer; null clears it', async () => {
      const [own] = await crm.dataSource.query(`INSERT INTO contacts (id, customer_id, first_name) VALUES (gen_random_uuid(), $1, 'Own') RETURNING id`, [
        customerId,
      ]);
      const [foreign] = await crm.dataSource.query(
        `INSERT INTO contacts (id, customer_id, first_name) VALUES (gen_random_uuid(), $1, 'Foreign') RETURNING id`,
        [otherCustomerId],
      );
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' }, contactId: own.id });
      const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { contactId } }`;
      const before = await footprint();
      expect((await crm.request(UPDATE, { id: deal.id, input: { contactId: MISSING } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await crm.request(UPDATE, { id: deal.id, input: { contactId: foreign.id } })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(
        (await crm.request(CREATE, { input: { name: 'X', customerId, contactId: foreign.id, amount: { amount: '1', currency: 'EUR' } } })).errors?.[0]
          .extensions?.code,
      ).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
      expect((await crm.request(UPDATE, { id: deal.id, input: { contactId: null } })).data).toEqual({ updateDeal: { contactId: null } });
    });

    it('races a contact merge safely: a deal given the merged contact ends on the survivor or is refused NOT_FOUND, never a server error', async () => {
      const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) { contactId } }`;
      const MERGE = `mutation($s: ID!, $m: ID!) { mergeContacts(survivorId: $s, mergedId: $m) { id } }`;
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      const contactOf = async (id: string) => (await crm.dataSource.query(`SELECT contact_id FROM deals WHERE id = $1`, [id]))[0].contact_id;
      const pair = async () =>
        (await crm.dataSource.query(
          `INSERT INTO contacts (id, customer_id, first_name) VALUES (gen_random_uuid(), $1, 'Survivor'), (gen_random_uuid(), $1, 'Merged') RETURNING id`,
          [customerId],
        )) as { id: string }[];

      // Each order on its own first. Given the contact before the merge: the merge moves the deals to the survivor.
      const [kept, gone] = await pair();
      expect((await crm.request(UPDATE, { id: deal.id, input: { contactId: gone.id } })).data).toEqual({ updateDeal: { contactId: gone.id } });
      const early = await crm.request<{ createDeal: { id: string } }>(CREATE, {
        input: { name: 'Early', customerId, contactId: gone.id, amount: { amount: '1', currency: 'EUR' } },
      });
      expect(early.errors).toBeUndefined();
      expect((await crm.request(MERGE, { s: kept.id, m: gone.id })).errors).toBeUndefined();
      expect([await contactOf(deal.id), await contactOf(early.data!.createDeal.id)]).toEqual([kept.id, kept.id]);
      // Given it after the merge: refused, NOT_FOUND.
      expect((await crm.request(UPDATE, { id: deal.id, input: { contactId: gone.id } })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(
        (await crm.request(CREATE, { input: { name: 'Late', customerId, contactId: gone.id, amount: { amount: '1', currency: 'EUR' } } })).errors?.[0]
          .extensions?.code,
      ).toBe('NOT_FOUND');

      // Then at once: whichever way each race goes, one of those two outcomes.
      const codes: string[] = [];
      for (let round = 0; round < 12; round++) {
        const [survivor, merged] = await pair();
        const [, updated, created] = await Promise.all([
          crm.request(MERGE, { s: survivor.id, m: merged.id }),
          crm.request(UPDATE, { id: deal.id, input: { contactId: merged.id } }),
          crm.request(CREATE, { input: { name: 'Racing', customerId, contactId: merged.id, amount: { amount: '1', currency: 'EUR' } } }),
        ]);
        for (const result of [updated, created]) codes.push((result.errors?.[0].extensions?.code as string) ?? 'ok');
        expect(await scalar(`SELECT count(*) AS n FROM deals WHERE contact_id = $1`, [merged.id])).toBe(0);
        // A change that went through names the survivor now.
        const landed = [...(updated.errors ? [] : [deal.id]), ...(created.errors ? [] : [(created.data as { createDeal: { id: string } }).createDeal.id])];
        for (const id of landed) expect(await contactOf(id)).toBe(survivor.id);
      }
      expect(codes.filter((c) => c !== 'ok' && c !== 'NOT_FOUND')).toEqual([]);
    });

    it('refuses line items adding up to more than a bigint holds', async () => {
      const before = await footprint();
      const result = await crm.request(CREATE, {
        input: { name: 'Huge', customerId, lineItems: [{ productId: P1, quantity: 1000000000, unitPrice: { amount: '999999999999999', currency: 'EUR' } }] },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
    });

    it('replaces line items and recomputes the amount, in their currency', async () => {
      const deal = await createDeal({ amount: { amount: '1', currency: 'EUR' } });
      const SET = `mutation($dealId: ID!, $lineItems: [DealLineItemInput!]!) { setDealLineItems(dealId: $dealId, lineItems: $lineItems) { amount { amount currency } lineItems { productId quantity product { id } } } }`;
      const result = await crm.request(SET, {
        dealId: deal.id,
        lineItems: [
          { productId: P2, quantity: 4, unitPrice: { amount: '2.50', currency: 'EUR' } },
          { productId: P1, quantity: 1, unitPrice: { amount: '10', currency: 'EUR' } },
        ],
      });
      expect(result.data).toEqual({
        setDealLineItems: {
          amount: { amount: '20.00', currency: 'EUR' },
          lineItems: [
            { productId: P2, quantity: 4, product: { id: P2 } },
            { productId: P1, quantity: 1, product: { id: P1 } },
          ],
        },
      });
      const before = await footprint();
      const mixed = await crm.request(SET, {
        dealId: deal.id,
        lineItems: [
          { productId: P2, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } },
          { productId: P1, quantity: 1, unitPrice: { amount: '1', currency: 'USD' } },
        ],
      });
      expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const zero = await crm.request(SET, { dealId: deal.id, lineItems: [{ productId: P1, quantity: 0, unitPrice: { amount: '1', currency: 'EUR' } }] });
      expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
    });
  });

  describe('reading', () => {
    it('filters, sorts and pages deals in SQL', async () => {
      const ids: string[] = [];
      for (const [amount, date] of [
        ['30', '2027-05-01'],
        ['10', null],
        ['20', '2027-04-01'],
      ] as const) {
        ids.push((await createDeal({ customerId: otherCustomerId, ownerId: 'sorter', amount: { amount, currency: 'EUR' }, expectedCloseDate: date })).id);
      }
      const LIST = `query($filter: DealsFilter, $sort: DealSort, $after: String) { deals(first: 2, after: $after, filter: $filter, sort: $sort) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
      const all = async (filter: Record<string, unknown>, sort?: Record<string, unknown>) => {
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page: { data?: { deals: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null; errors?: unknown } =
            await crm.request(LIST, { filter, sort, after });
          expect(page.errors).toBeUndefined();
          seen.push(...page.data!.deals.nodes.map((n) => n.id));
          if (!page.data!.deals.pageInfo.hasNextPage) return seen;
          after = page.data!.deals.pageInfo.endCursor;
        }
      };
      const [a30, a10, a20] = ids;
      expect(await all({ ownerId: 'sorter' })).toEqual([a30, a10, a20]);
      expect(await all({ customerId: otherCustomerId }, { field: 'AMOUNT', direction: 'DESC' })).toEqual([a30, a20, a10]);
      expect(await all({ ownerId: 'sorter' }, { field: 'EXPECTED_CLOSE_DATE', direction: 'ASC' })).toEqual([a20, a30, a10]);
      expect(await all({ ownerId: 'sorter', expectedCloseFrom: '2027-04-15', expectedCloseTo: '2027-05-01' })).toEqual([a30]);
      expect(await all({ ownerId: 'sorter', status: 'OPEN', pipelineId: SALES, stageId: QUALIFICATION })).toEqual([a30, a10, a20]);
      const cursor = (await crm.request<{ deals: { pageInfo: { endCursor: string } } }>(LIST, { filter: { ownerId: 'sorter' } })).data!.deals.pageInfo
        .endCursor;
      const mismatched = await crm.request(LIST, { filter: { ownerId: 'sorter' }, sort: { field: 'AMOUNT', direction: 'ASC' }, after: cursor });
      expect(mismatched.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each(['1.5', '99999999999999999999', '-9223372036854775809'])(
      'refuses an amount cursor whose value a bigint cannot hold (%s) as BAD_USER_INPUT',
      async (value) => {
        const after = Buffer.from(JSON.stringify(['deals.AMOUNT.ASC', value, MISSING])).toString('base64url');
        const result = await crm.request(`query($after: String) { deals(first: 2, after: $after, sort: { field: AMOUNT }) { nodes { id } } }`, { after });
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      },
    );

    it.each([
      ['CREATED_AT', '0'],
      ['EXPECTED_CLOSE_DATE', '2026-02-30'],
    ])('refuses a %s cursor whose value is no real time (%s) as BAD_USER_INPUT', async (field, value) => {
      const after = Buffer.from(JSON.stringify([`deals.${field}.ASC`, value, MISSING])).toString('base64url');
      const result = await crm.request(`query($after: String, $sort: DealSort) { deals(first: 2, after: $after, sort: $sort) { nodes { id } } }`, {
        after,
        sort: { field },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers NOT_FOUND for an unknown deal and refuses roles without deal:read', async () => {
      expect((await crm.request(`query($id: ID!) { deal(id: $id) { id } }`, { id: MISSING })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const refused = await crm.request(`{ deals { nodes { id } } }`, {}, { sub: 'm', roles: [Role.Marketing] });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const write = await crm.request(
        CREATE,
        { input: { name: 'X', customerId, amount: { amount: '1', currency: 'EUR' } } },
        { sub: 'f', roles: [Role.Finance] },
      );
      expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('loads 100 deals with customer, pipeline, stage, line items, history and Customer.deals in a constant number of statements', async () => {
      const customers = [await createCustomer('Batch One'), await createCustomer('Batch Two')];
      const query = `query($ids: [String!]) { deals(first: 100, filter: { ownerId: "batch" }) { nodes { ${DEAL_FIELDS} customer { deals(first: 3) { nodes { id } pageInfo { hasNextPage } } } } } }`;
      const measure = async () => {
        const before = await crm.queryCount();
        const result = await crm.request<{ deals: { nodes: unknown[] } }>(query.replace('($ids: [String!])', ''));
        expect(result.errors).toBeUndefined();
        return { statements: (await crm.queryCount()) - before, deals: result.data!.deals.nodes.length };
      };
      const make = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const deal = await createDeal({
            customerId: customers[i % 2],
            ownerId: 'batch',
            lineItems: [{ productId: P1, quantity: 1 + i, unitPrice: { amount: '1', currency: 'EUR' } }],
          });
          if (i % 3 === 0) await crm.request(MOVE, { dealId: deal.id, stageId: NEEDS_ANALYSIS });
        }
      };
      await make(2);
      const small = await measure();
      await make(98);
      const large = await measure();
      expect(small.deals).toBe(2);
      expect(large.deals).toBe(100);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBeLessThanOrEqual(7);
    });

    it('pages Customer.deals per customer with cursors', async () => {
      const customer = await createCustomer('Paged');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await createDeal({ customerId: customer, amount: { amount: '1', currency: 'EUR' } })).id);
      const Q = `query($id: ID!, $after: String) { customer(id: $id) { deals(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`;
      const seen = await allPages<{ id: string }>(crm, Q, { id: customer }, ['customer', 'deals']);
      expect(seen.map((n) => n.id)).toEqual(ids);
    });
  });
});
