import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';
import { count, createSequence, enrol, insertContact } from './testing/fixtures';

/**
 * The loops poll once a minute here, so a step that runs within seconds was
 * woken by NOTIFY: the wake-ups must survive the database dropping the
 * loops' connections.
 */
describe('nurture loops when the database drops their connections (real Postgres)', () => {
  let crm: TestSubgraph;
  let sequenceId: string;

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '60000' });
    sequenceId = await createSequence(crm, { name: 'Wake-ups', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'CREATE_TASK', title: 'Woken' }] });
  });
  afterAll(async () => {
    await crm?.close();
  });

  const listeners = () => count(crm, `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'crm-nurture-%'`);
  const tasksFor = (contactId: string) => count(crm, `SELECT count(*) AS n FROM tasks WHERE contact_id = $1 AND title = 'Woken'`, [contactId]);

  it('listens again after its LISTEN connection is killed, so an enrolment still runs at once', async () => {
    expect(await listeners()).toBe(2);
    await crm.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'crm-nurture-%'`,
    );
    await eventually(async () => (await listeners()) === 2, 'both loops listening again', 10_000);

    const { contactId } = await insertContact(crm, { firstName: 'Lis', email: 'lis@listen.test' });
    await enrol(crm, sequenceId, { contactId });
    await eventually(async () => (await tasksFor(contactId)) === 1, 'the step run on the NOTIFY', 10_000);
  });

  it('keeps running after every connection of the service was killed (a database restart)', async () => {
    await crm.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    // The pool drops the killed connections as their sockets close.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await eventually(async () => (await crm.dataSource.query(`SELECT 1 AS ok`))[0].ok === 1, 'the database again');

    const { contactId } = await insertContact(crm, { firstName: 'Res', email: 'res@restart.test' });
    await enrol(crm, sequenceId, { contactId });
    await eventually(async () => (await tasksFor(contactId)) === 1, 'the step run on the NOTIFY', 10_000);
  });
});
