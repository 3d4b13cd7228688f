import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../crm.subgraph';
import { DealSortDirection, DealSortField } from './dto/deals-filter.input';
import { dealSortOrder } from './deal-sort';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';

/** The plans of deal list statements on a table of a few thousand rows: each filter is served by an index. */
describe('crm deal list plans (real Postgres)', () => {
  let crm: TestSubgraph;

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
    const [{ id: customerId }] = await crm.dataSource.query(
      `INSERT INTO customers (id, name, email) VALUES (gen_random_uuid(), 'Planned', 'p@plan.test') RETURNING id`,
    );
    await crm.dataSource.query(
      `INSERT INTO deals (id, name, customer_id, pipeline_id, stage_id, owner_id, amount_minor, currency, expected_close_date)
       SELECT gen_random_uuid(), 'd' || i, $1, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000101', 'o' || (i % 20), i, 'EUR',
              CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2026-01-01' + (i % 900) END
       FROM generate_series(1, 5000) i`,
      [customerId],
    );
    await crm.dataSource.query(`ANALYZE deals`);
  });
  afterAll(() => crm?.close());

  const plan = async (filter: Record<string, unknown>, field: DealSortField) => {
    const [sql, params] = crm.app
      .get(DealsRepository)
      .listQuery(20, null, filter, dealSortOrder({ field, direction: DealSortDirection.ASC }))
      .getQueryAndParameters();
    return (await crm.dataSource.query(`EXPLAIN ${sql}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  };

  it.each([DealSortField.CREATED_AT, DealSortField.EXPECTED_CLOSE_DATE])('serves an expected close date range from an index (sorted by %s)', async (field) => {
    expect(await plan({ expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-03-04' }, field)).toMatch(/Index Cond: \(\(COALESCE\(expected_close_date/);
  });

  it('keeps deals without an expected close date out of a range, even one ending at the last date', async () => {
    const service = crm.app.get(DealsService);
    const order = dealSortOrder(null);
    const total = await service.list(100, null, { expectedCloseFrom: '2026-01-01', expectedCloseTo: '9999-12-31' }, order);
    expect(total.nodes.every((d) => d.expectedCloseDate !== null)).toBe(true);
    const [{ n }] = await crm.dataSource.query(`SELECT count(*)::int AS n FROM deals WHERE expected_close_date BETWEEN '2026-03-01' AND '2026-03-04'`);
    expect((await service.list(100, null, { expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-03-04' }, order)).nodes).toHaveLength(n);
  });
});
