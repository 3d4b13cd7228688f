import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { Role, signInternalToken } from '@platform/auth';
import { createTestDatabase, eventually, freePort } from '@platform/testing';
import { SmtpSink } from '../testing/smtp-sink';

const secret = randomBytes(32).toString('hex');

/** The crm service as a separate process (from source), killable with SIGKILL. */
async function startCrmProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(__dirname, '..', 'testing', 'crm-process.cjs')], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), INTERNAL_JWT_SECRET: secret, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`crm exited with ${child.exitCode}: ${output}`);
      return (
        (await fetch(`${base}/health/ready`)
          .then((r) => r.ok)
          .catch(() => false)) || undefined
      );
    },
    'crm to be ready',
    90_000,
  );
  return { child, url: `${base}/graphql`, output: () => output };
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const token = await signInternalToken({ sub: 'crash-test', roles: [Role.Admin] }, secret);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve())));

describe('nurture delivery when the crm process is killed with SIGKILL mid-run (real Postgres, real SMTP)', () => {
  let smtp: SmtpSink;
  let db: Client;
  const children: ChildProcess[] = [];
  const n = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  beforeAll(async () => {
    smtp = await SmtpSink.start();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && !child.signalCode) child.kill('SIGKILL');
    await Promise.all(children.map(killed));
    await db?.end();
    await smtp?.close();
  });

  it('runs every step once and sends each email once (a resend only in the documented window, with the same Message-ID)', async () => {
    const env = {
      DATABASE_URL: await createTestDatabase('crm'),
      EVENTS_DATABASE_URL: await createTestDatabase('events'),
      SMTP_URL: smtp.url,
      NURTURE_POLL_MS: '50',
    };
    const first = await startCrmProcess(env);
    children.push(first.child);
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();

    const templates: string[] = [];
    for (const letter of ['A', 'B', 'C', 'D']) {
      const created = await graphql<{ createEmailTemplate: { id: string } }>(
        first.url,
        `
          mutation ($input: CreateEmailTemplateInput!) {
            createEmailTemplate(input: $input) {
              id
            }
          }
        `,
        {
          input: { name: `Crash ${letter}`, subject: `${letter} for {{firstName}}`, body: `Body ${letter}` },
        },
      );
      templates.push(created.createEmailTemplate.id);
    }
    const steps = [
      { kind: 'SEND_EMAIL', templateId: templates[0] },
      { kind: 'CREATE_TASK', title: 'First call' },
      { kind: 'SEND_EMAIL', templateId: templates[1] },
      { kind: 'WAIT', days: 1 },
      { kind: 'SEND_EMAIL', templateId: templates[2] },
      { kind: 'CREATE_TASK', title: 'Second call' },
      { kind: 'SEND_EMAIL', templateId: templates[3] },
    ];
    const { createNurtureSequence: sequence } = await graphql<{ createNurtureSequence: { id: string } }>(
      first.url,
      `
        mutation ($input: CreateNurtureSequenceInput!) {
          createNurtureSequence(input: $input) {
            id
          }
        }
      `,
      { input: { name: 'Crash', trigger: { kind: 'MANUAL' }, steps } },
    );
    const people = 25;
    for (let i = 0; i < people; i++) {
      const contactId = randomUUID();
      await db.query(`INSERT INTO contacts (id, first_name, email) VALUES ($1, $2, $3)`, [contactId, `K${i}`, `k${i}@crash.test`]);
      await graphql(
        first.url,
        `
          mutation ($s: ID!, $t: EnrolmentTargetInput!) {
            enrolInSequence(sequenceId: $s, target: $t) {
              id
            }
          }
        `,
        { s: sequence.id, t: { contactId } },
      );
    }
    await eventually(async () => (await n(`SELECT count(*) AS n FROM nurture_enrolments WHERE next_position = 4`)) === people, 'everyone waiting', 60_000);
    await db.query(`UPDATE nurture_enrolments SET next_run_at = now() - interval '1 second'`);
    await eventually(async () => (await n(`SELECT count(*) AS n FROM nurture_step_runs WHERE position >= 4`)) > 0, 'the steps after the wait to start', 30_000);
    first.child.kill('SIGKILL');
    await killed(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(await n(`SELECT count(*) AS n FROM nurture_enrolments WHERE status = 'active'`)).toBeGreaterThan(0);

    const second = await startCrmProcess(env);
    children.push(second.child);
    await eventually(
      async () =>
        (await n(`SELECT count(*) AS n FROM nurture_enrolments WHERE status = 'active'`)) === 0 &&
        (await n(`SELECT count(*) AS n FROM outbound_emails WHERE status <> 'sent'`)) === 0,
      'everything to finish after the restart',
      60_000,
    );

    const emails = people * 4;
    expect(await n(`SELECT count(*) AS n FROM nurture_step_runs`)).toBe(people * steps.length);
    expect(await n(`SELECT count(*) AS n FROM tasks`)).toBe(people * 2);
    expect(await n(`SELECT count(*) AS n FROM outbound_emails`)).toBe(emails);
    expect(await n(`SELECT count(*) AS n FROM activities WHERE kind = 'email_sent'`)).toBe(emails);
    const ids = (await db.query(`SELECT id FROM outbound_emails`)).rows.map((r: { id: string }) => `<${r.id}@nurture.crm.invalid>`).sort();
    expect([...new Set(smtp.messages.map((m) => m.messageId))].sort()).toEqual(ids);
    expect(new Set(smtp.messages.map((m) => `${m.to} ${m.subject}`)).size).toBe(emails);
    // One mailer was killed, holding at most one email between SMTP acceptance and commit.
    expect(smtp.messages.length - emails).toBeLessThanOrEqual(1);
  });
});
