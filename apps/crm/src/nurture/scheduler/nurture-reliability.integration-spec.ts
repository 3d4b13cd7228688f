import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { MAX_SEND_ATTEMPTS } from '../mail/retry-policy';
import { NurtureScheduler } from './nurture-scheduler';
import { count, createSequence, createTemplate, enrol, insertContact } from '../testing/fixtures';
import { type ReceivedMail, SmtpSink } from '../testing/smtp-sink';

const FAST = { NURTURE_POLL_MS: '100' };

/** A sequence of emails and tasks, with an optional wait in the middle; returns its id and step count. */
async function mixedSequence(crm: TestSubgraph, name: string, withWait: boolean) {
  const t = await Promise.all(
    ['A', 'B', 'C', 'D'].map((letter) =>
      createTemplate(crm, { name: `${name} ${letter}`, subject: `${letter} for {{firstName}}`, body: `Body ${letter}, {{email}}` }),
    ),
  );
  const steps = [
    { kind: 'SEND_EMAIL', templateId: t[0] },
    { kind: 'CREATE_TASK', title: 'First call' },
    { kind: 'SEND_EMAIL', templateId: t[1] },
    ...(withWait ? [{ kind: 'WAIT', days: 1 }] : []),
    { kind: 'SEND_EMAIL', templateId: t[2] },
    { kind: 'CREATE_TASK', title: 'Second call' },
    { kind: 'SEND_EMAIL', templateId: t[3] },
  ];
  return { sequenceId: await createSequence(crm, { name, trigger: { kind: 'MANUAL' }, steps }), steps: steps.length };
}

async function enrolPeople(crm: TestSubgraph, sequenceId: string, n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { contactId } = await insertContact(crm, { firstName: `${prefix}${i}`, email: `${prefix}${i}@people.test` });
    ids.push(await enrol(crm, sequenceId, { contactId }));
  }
  return ids;
}

const allDone = (crm: TestSubgraph) =>
  eventually(
    async () =>
      (await count(crm, `SELECT count(*) AS n FROM nurture_enrolments WHERE status = 'active'`)) === 0 &&
      (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'pending'`)) === 0,
    'every enrolment completed and every email sent',
    60_000,
  );

/** Every step ran once per enrolment, and the SMTP server got each email exactly once. */
async function expectExactlyOnce(
  crm: TestSubgraph,
  smtp: { messages: ReceivedMail[] },
  enrolments: number,
  steps: number,
  emailsEach: number,
  tasksEach: number,
) {
  expect(await count(crm, `SELECT count(*) AS n FROM nurture_step_runs`)).toBe(enrolments * steps);
  expect(await count(crm, `SELECT count(*) AS n FROM nurture_enrolments WHERE status = 'completed' AND next_position = $1`, [steps])).toBe(enrolments);
  expect(await count(crm, `SELECT count(*) AS n FROM tasks`)).toBe(enrolments * tasksEach);
  expect(await count(crm, `SELECT count(*) AS n FROM (SELECT DISTINCT contact_id, title FROM tasks) t`)).toBe(enrolments * tasksEach);
  expect(await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'sent'`)).toBe(enrolments * emailsEach);
  expect(smtp.messages).toHaveLength(enrolments * emailsEach);
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(enrolments * emailsEach);
  expect(new Set(smtp.messages.map((m) => `${m.to} ${m.subject}`)).size).toBe(enrolments * emailsEach);
  expect(await count(crm, `SELECT count(*) AS n FROM activities WHERE kind = 'email_sent'`)).toBe(enrolments * emailsEach);
}

describe('nurture delivery survives restarts and replicas (real Postgres, real SMTP)', () => {
  it('runs every step exactly once when the service restarts in the middle of sequences', async () => {
    const smtp = await SmtpSink.start();
    const first = await startTestSubgraph(crmSubgraph, { ...FAST, SMTP_URL: smtp.url });
    let second: TestSubgraph | undefined;
    try {
      const { sequenceId, steps } = await mixedSequence(first, 'Restart', true);
      const enrolments = await enrolPeople(first, sequenceId, 20, 'restart');
      // Everyone reaches the wait; then the wait is over for all at once.
      await eventually(async () => (await count(first, `SELECT count(*) AS n FROM nurture_enrolments WHERE next_position = 4`)) === 20, 'everyone waiting');
      await first.dataSource.query(`UPDATE nurture_enrolments SET next_run_at = now() - interval '1 second'`);
      first.app.get(NurtureScheduler).wake();
      await eventually(
        async () => (await count(first, `SELECT count(*) AS n FROM nurture_step_runs WHERE position >= 4`)) > 0,
        'the first step after the wait',
      );
      await first.close();

      // The shutdown left work behind: steps due and (possibly) emails pending.
      const databaseUrl = first.databaseUrl;
      const probe = new Client({ connectionString: databaseUrl });
      await probe.connect();
      const [{ n: leftDue }] = (await probe.query(`SELECT count(*)::int AS n FROM nurture_enrolments WHERE status = 'active'`)).rows;
      await probe.end();
      expect(leftDue).toBeGreaterThan(0);
      second = await startTestSubgraph(crmSubgraph, { ...FAST, SMTP_URL: smtp.url }, { databaseUrl });
      await allDone(second);
      expect(enrolments).toHaveLength(20);
      await expectExactlyOnce(second, smtp, 20, steps, 4, 2);
    } finally {
      await second?.close();
      await smtp.close();
    }
  });

  it('never runs a step twice with two schedulers on one database, both running steps and sending mail', async () => {
    // Each replica mails through its own SMTP server and connects under its own application_name,
    // which the test records on every step run: so each replica's share of the work shows.
    const smtp = { a: await SmtpSink.start(), b: await SmtpSink.start() };
    const a = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '50', SMTP_URL: smtp.a.url });
    const replicaUrl = new URL(a.databaseUrl);
    replicaUrl.searchParams.set('application_name', 'crm-replica-b');
    const b = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '50', SMTP_URL: smtp.b.url }, { databaseUrl: replicaUrl.toString() });
    try {
      await a.dataSource.query(`ALTER TABLE nurture_step_runs ADD COLUMN ran_by text NOT NULL DEFAULT current_setting('application_name')`);
      const { sequenceId, steps } = await mixedSequence(a, 'Replicas', false);
      // Enrolled while both run: the NOTIFY wakes both schedulers for every enrolment.
      await enrolPeople(a, sequenceId, 15, 'a');
      await enrolPeople(b, sequenceId, 15, 'b');
      await allDone(a);
      await expectExactlyOnce(a, { messages: [...smtp.a.messages, ...smtp.b.messages] }, 30, steps, 4, 2);
      const ranBy = await a.dataSource.query(`SELECT ran_by = 'crm-replica-b' AS b, count(*)::int AS n FROM nurture_step_runs GROUP BY 1 ORDER BY 1`);
      expect(ranBy).toEqual([
        { b: false, n: expect.any(Number) },
        { b: true, n: expect.any(Number) },
      ]);
      expect(smtp.a.messages.length).toBeGreaterThan(0);
      expect(smtp.b.messages.length).toBeGreaterThan(0);
    } finally {
      await b.close();
      await a.close();
      await smtp.a.close();
      await smtp.b.close();
    }
  });

  it('writes one JSON line per email to MAIL_LOG_PATH when SMTP_URL is unset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nurture-mail-'));
    const path = join(dir, 'nested', 'mail.log');
    const crm = await startTestSubgraph(crmSubgraph, { ...FAST, MAIL_LOG_PATH: path });
    try {
      const x = await createTemplate(crm, { name: 'X', subject: 'Hello {{firstName}}', body: 'Line one\nLine two for {{company}}' });
      const y = await createTemplate(crm, { name: 'Y', subject: 'Bye {{lastName}}', body: 'Bye' });
      const sequenceId = await createSequence(crm, {
        name: 'Logged',
        trigger: { kind: 'MANUAL' },
        steps: [
          { kind: 'SEND_EMAIL', templateId: x },
          { kind: 'SEND_EMAIL', templateId: y },
        ],
      });
      const { contactId } = await insertContact(crm, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.test', company: 'Navy' });
      await enrol(crm, sequenceId, { contactId });
      const lines = await eventually(async () => {
        const text = await readFile(path, 'utf8').catch(() => '');
        const all = text.split('\n').filter(Boolean);
        return all.length >= 2 ? all : undefined;
      }, 'two lines in the mail log');
      expect(lines).toHaveLength(2);
      const mails = lines.map((line) => JSON.parse(line));
      const ids = (await crm.dataSource.query(`SELECT id FROM outbound_emails ORDER BY position`)).map((r: { id: string }) => `<${r.id}@nurture.crm.invalid>`);
      expect(mails).toEqual([
        {
          messageId: ids[0],
          from: 'CRM <crm@localhost>',
          to: 'grace@navy.test',
          subject: 'Hello Grace',
          text: 'Line one\nLine two for Navy',
          date: expect.any(String),
        },
        { messageId: ids[1], from: 'CRM <crm@localhost>', to: 'grace@navy.test', subject: 'Bye Hopper', text: 'Bye', date: expect.any(String) },
      ]);
      await eventually(async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'sent'`)) === 2, 'both marked sent');
    } finally {
      await crm.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries a refused email with backoff, records the error, sends it once, and gives up after the last attempt', async () => {
    const smtp = await SmtpSink.start();
    smtp.refuse = true;
    const crm = await startTestSubgraph(crmSubgraph, { ...FAST, SMTP_URL: smtp.url });
    try {
      const t = await createTemplate(crm, { name: 'Refused', subject: 'Hi {{firstName}}', body: 'Body' });
      const sequenceId = await createSequence(crm, { name: 'Flaky', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'SEND_EMAIL', templateId: t }] });
      const { contactId } = await insertContact(crm, { firstName: 'Kay', email: 'kay@flaky.test' });
      await enrol(crm, sequenceId, { contactId });
      const failed = await eventually(async () => {
        const [row] = await crm.dataSource.query(
          `SELECT id, status, attempts, last_error, next_attempt_at > now() + interval '20 seconds' AS backed_off FROM outbound_emails`,
        );
        return row?.attempts === 1 ? row : undefined;
      }, 'the first refused attempt');
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, backed_off: true });
      expect(failed.last_error).toMatch(/451/);
      expect(smtp.messages).toHaveLength(0);
      expect(await count(crm, `SELECT count(*) AS n FROM activities`)).toBe(0);

      // The server recovers; the backoff is cut short.
      smtp.refuse = false;
      await crm.dataSource.query(`UPDATE outbound_emails SET next_attempt_at = now()`);
      await eventually(async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'sent' AND attempts = 2`)) === 1, 'the retry');
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].messageId).toBe(`<${failed.id}@nurture.crm.invalid>`);
      expect(await count(crm, `SELECT count(*) AS n FROM activities WHERE kind = 'email_sent'`)).toBe(1);

      // A second email is refused until its attempts run out.
      smtp.refuse = true;
      const other = await insertContact(crm, { firstName: 'Lee', email: 'lee@flaky.test' });
      await enrol(crm, sequenceId, { contactId: other.contactId });
      await eventually(
        async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE attempts = 1 AND status = 'pending'`)) === 1,
        'a refusal',
      );
      await crm.dataSource.query(`UPDATE outbound_emails SET attempts = $1, next_attempt_at = now() WHERE status = 'pending'`, [MAX_SEND_ATTEMPTS - 1]);
      const [givenUp] = await eventually(async () => {
        const rows = await crm.dataSource.query(
          `SELECT status, attempts, last_error FROM outbound_emails WHERE recipient = 'lee@flaky.test' AND status = 'failed'`,
        );
        return rows.length ? rows : undefined;
      }, 'giving up');
      expect(givenUp).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS });
      expect(smtp.messages).toHaveLength(1);
      expect(await count(crm, `SELECT count(*) AS n FROM activities`)).toBe(1);
    } finally {
      await crm.close();
      await smtp.close();
    }
  });
});
