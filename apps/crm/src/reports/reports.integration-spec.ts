import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';

const SALES_QUALIFICATION = '00000000-0000-4000-8000-000000000101';

describe('crm sales reports (real Postgres)', () => {
  let crm: TestSubgraph;
  let customerId: string;
  let pipelineId: string;
  let A: string;
  let B: string;
  let C: string;

  const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await crm.request<T>(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };
  const deal = async (input: Record<string, unknown>) =>
    (
      await ok<{ createDeal: { id: string } }>(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, {
        input: { name: 'R', customerId, ...input },
      })
    ).createDeal.id;
  const move = (dealId: string, stageId: string) =>
    ok(`mutation($d: ID!, $s: ID!) { moveDealStage(dealId: $d, stageId: $s) { id } }`, { d: dealId, s: stageId });
  const close = (dealId: string, how: 'winDeal' | 'loseDeal') => ok(`mutation($d: ID!) { ${how}(dealId: $d, reason: "done") { id } }`, { d: dealId });
  const eur = (amount: string) => ({ amount, currency: 'EUR' });

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    customerId = (await ok<{ createCustomer: { id: string } }>(`mutation { createCustomer(input: { name: "Reported", email: "r@rep.test" }) { id } }`))
      .createCustomer.id;
    const pipeline = await ok<{ createPipeline: { id: string; stages: { id: string }[] } }>(
      `mutation { createPipeline(input: { name: "Forecast", stages: [{ name: "A", probability: 10 }, { name: "B", probability: 33 }, { name: "C", probability: 50 }] }) { id stages { id } } }`,
    );
    pipelineId = pipeline.createPipeline.id;
    [A, B, C] = pipeline.createPipeline.stages.map((s) => s.id);

    // D1: stays in A. D2: A → B. D3: A → B → C. D4: starts in C. D5: A, no close date.
    // D6: A → B, won. D7: starts in B, lost. D9: starts in C, moved back to A.
    await deal({ pipelineId, amount: eur('100.00'), expectedCloseDate: '2027-01-15' });
    const d2 = await deal({ pipelineId, amount: eur('33.33'), expectedCloseDate: '2027-01-20' });
    await move(d2, B);
    const d3 = await deal({ pipelineId, amount: { amount: '50', currency: 'USD' }, expectedCloseDate: '2027-01-31' });
    await move(d3, B);
    await move(d3, C);
    await deal({ pipelineId, stageId: C, amount: eur('200'), expectedCloseDate: '2027-02-01' });
    await deal({ pipelineId, amount: eur('10') });
    const d6 = await deal({ pipelineId, amount: eur('999'), expectedCloseDate: '2027-01-10' });
    await move(d6, B);
    await close(d6, 'winDeal');
    const d7 = await deal({ pipelineId, stageId: B, amount: eur('40'), expectedCloseDate: '2027-01-11' });
    await close(d7, 'loseDeal');
    const d9 = await deal({ pipelineId, stageId: C, amount: eur('1'), expectedCloseDate: '2027-03-05' });
    await move(d9, A);
    // In the default pipeline: one open deal in January, one won in USD.
    await deal({ amount: eur('80'), expectedCloseDate: '2027-01-05' });
    const d10 = await deal({ stageId: SALES_QUALIFICATION, amount: { amount: '12.50', currency: 'USD' } });
    await close(d10, 'winDeal');
  });
  afterAll(() => crm?.close());

  const FORECAST = `query($p: ID, $from: String, $to: String) { pipelineForecast(pipelineId: $p, from: $from, to: $to) {
    month currency openDeals amount { amount } weightedAmount { amount } } }`;
  const bucket = (month: string | null, currency: string, openDeals: number, amount: string, weighted: string) => ({
    month,
    currency,
    openDeals,
    amount: { amount },
    weightedAmount: { amount: weighted },
  });

  it('forecasts open deals per month and currency, weighted by stage probability, with undated deals apart', async () => {
    const { pipelineForecast } = await ok<{ pipelineForecast: unknown[] }>(FORECAST, { p: pipelineId, from: '2027-01', to: '2027-02' });
    expect(pipelineForecast).toEqual([
      // 100.00 × 10% + 33.33 × 33% = 10.00 + 10.9989 → 21.00 (rounded once)
      bucket('2027-01', 'EUR', 2, '133.33', '21.00'),
      bucket('2027-01', 'USD', 1, '50.00', '25.00'),
      bucket('2027-02', 'EUR', 1, '200.00', '100.00'),
      bucket(null, 'EUR', 1, '10.00', '1.00'),
    ]);
  });

  it('covers every pipeline and month without arguments', async () => {
    const { pipelineForecast } = await ok<{ pipelineForecast: unknown[] }>(FORECAST, {});
    expect(pipelineForecast).toEqual([
      bucket('2027-01', 'EUR', 3, '213.33', '29.00'),
      bucket('2027-01', 'USD', 1, '50.00', '25.00'),
      bucket('2027-02', 'EUR', 1, '200.00', '100.00'),
      bucket('2027-03', 'EUR', 1, '1.00', '0.10'),
      bucket(null, 'EUR', 1, '10.00', '1.00'),
    ]);
  });

  it('refuses a malformed month and answers NOT_FOUND for an unknown pipeline', async () => {
    expect((await crm.request(FORECAST, { from: '2027-13' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await crm.request(FORECAST, { from: '2027-03', to: '2027-01' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await crm.request(FORECAST, { p: '00000000-0000-4000-8000-00000000dead' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('counts per stage the deals that reached it and those that went on to a later stage or were won', async () => {
    const { stageConversion } = await ok<{ stageConversion: unknown[] }>(
      `query($p: ID) { stageConversion(pipelineId: $p) { stage { id name } reached advanced conversionRate } }`,
      { p: pipelineId },
    );
    expect(stageConversion).toEqual([
      // A: D1 D2 D3 D5 D6 D9 reached; D2 D3 D6 moved on (D9 came back from C, which does not count)
      { stage: { id: A, name: 'A' }, reached: 6, advanced: 3, conversionRate: 0.5 },
      // B: D2 D3 D6 D7 reached; D3 moved to C, D6 was won
      { stage: { id: B, name: 'B' }, reached: 4, advanced: 2, conversionRate: 0.5 },
      { stage: { id: C, name: 'C' }, reached: 3, advanced: 0, conversionRate: 0 },
    ]);
  });

  it('uses the default pipeline when none is given', async () => {
    const { stageConversion } = await ok<{ stageConversion: { reached: number; advanced: number; conversionRate: number | null }[] }>(
      `{ stageConversion { reached advanced conversionRate } }`,
    );
    expect(stageConversion).toEqual([
      { reached: 2, advanced: 1, conversionRate: 0.5 },
      { reached: 0, advanced: 0, conversionRate: null },
      { reached: 0, advanced: 0, conversionRate: null },
      { reached: 0, advanced: 0, conversionRate: null },
    ]);
  });

  it('computes the win rate and won amounts per currency for deals closed in the period', async () => {
    const WIN_RATE = `query($from: String, $to: String) { winRate(from: $from, to: $to) { won lost rate wonAmounts { amount currency } } }`;
    const expected = {
      won: 2,
      lost: 1,
      rate: 0.6667,
      wonAmounts: [
        { amount: '999.00', currency: 'EUR' },
        { amount: '12.50', currency: 'USD' },
      ],
    };
    expect((await ok<{ winRate: unknown }>(WIN_RATE, {})).winRate).toEqual(expected);
    const [{ today, tomorrow }] = await crm.dataSource.query(
      `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS today, to_char(now() AT TIME ZONE 'UTC' + interval '1 day', 'YYYY-MM-DD') AS tomorrow`,
    );
    expect((await ok<{ winRate: unknown }>(WIN_RATE, { from: today, to: today })).winRate).toEqual(expected);
    expect((await ok<{ winRate: unknown }>(WIN_RATE, { from: tomorrow })).winRate).toEqual({ won: 0, lost: 0, rate: null, wonAmounts: [] });
  });

  it('refuses reports to roles without report.sales:read', async () => {
    const result = await crm.request(`{ winRate { won } }`, {}, { sub: 'm', roles: [Role.Marketing] });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
