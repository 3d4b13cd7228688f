import { register } from 'prom-client';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { crmSubgraph } from '../../crm.subgraph';

const background = async () => (await register.getSingleMetric('db_queries_total')?.get())?.values.find((v) => v.labels.origin === 'background')?.value ?? 0;

/** Every crm process runs the scheduler and the mailer: with nothing due they must cost next to nothing. */
describe('nurture loops when nothing is due (real Postgres)', () => {
  let crm: TestSubgraph;

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '200' });
  });
  afterAll(async () => {
    await crm?.close();
  });

  it('sends one statement per loop and poll, and opens no transaction', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await background();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const statements = (await background()) - before;
    // Two loops polling every 200 ms for 2 s: about 20 polls in all, a statement each.
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(2 * (2000 / 200 + 2));
  });
});
