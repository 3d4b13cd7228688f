import { Client } from 'pg';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { ENROLMENTS_CHANNEL, OUTBOUND_EMAILS_CHANNEL } from '../polling-loop';

const POLLS = 5;

/** Every crm process runs the scheduler and the mailer: with nothing due they must cost next to nothing. */
describe('nurture loops when nothing is due (real Postgres)', () => {
  let crm: TestSubgraph;

  beforeAll(async () => {
    // Polls only when woken here: the timer would fire once a minute.
    crm = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '60000' });
  });
  afterAll(async () => {
    await crm?.close();
  });

  it('sends one statement per loop and poll, and opens no transaction', async () => {
    // Every statement the service sends from here on (the test itself sends its NOTIFYs on a connection of its own).
    const logQuery = jest.spyOn(crm.dataSource.logger, 'logQuery');
    const sent = () => logQuery.mock.calls.map(([sql]) => sql.replace(/\s+/g, ' ').trim());
    const ofScheduler = (statements: string[]) => statements.filter((sql) => sql.includes('FROM nurture_enrolments'));
    const ofMailer = (statements: string[]) => statements.filter((sql) => sql.includes('FROM outbound_emails'));
    const notifier = new Client({ connectionString: crm.databaseUrl });
    await notifier.connect();
    let statements: string[] = [];
    try {
      for (let poll = 1; poll <= POLLS; poll++) {
        const [scheduled, mailed] = [ofScheduler(sent()).length, ofMailer(sent()).length];
        await notifier.query(`SELECT pg_notify($1, ''), pg_notify($2, '')`, [ENROLMENTS_CHANNEL, OUTBOUND_EMAILS_CHANNEL]);
        // Each loop's poll shows as its statement: the next wake-up is sent once both have taken this one.
        await eventually(async () => ofScheduler(sent()).length > scheduled && ofMailer(sent()).length > mailed, `poll ${poll} of both loops`);
      }
      statements = sent();
    } finally {
      await notifier.end();
      logQuery.mockRestore();
    }
    const [scheduler, mailer] = [ofScheduler(statements), ofMailer(statements)];
    // Nothing but the two loops' due checks: no BEGIN, no claim, no COMMIT.
    expect(statements.filter((sql) => !scheduler.includes(sql) && !mailer.includes(sql))).toEqual([]);
    expect([...new Set(scheduler)]).toEqual([expect.stringMatching(/^SELECT EXISTS \(SELECT 1 FROM nurture_enrolments WHERE /)]);
    expect([...new Set(mailer)]).toEqual([expect.stringMatching(/^SELECT EXISTS \(SELECT 1 FROM outbound_emails WHERE /)]);
    // One statement a poll: one per wake-up, and possibly the start-up poll if it was still on its way when recording began.
    expect(scheduler.length - POLLS).toBeGreaterThanOrEqual(0);
    expect(scheduler.length - POLLS).toBeLessThanOrEqual(1);
    expect(mailer.length - POLLS).toBeGreaterThanOrEqual(0);
    expect(mailer.length - POLLS).toBeLessThanOrEqual(1);
  });
});
