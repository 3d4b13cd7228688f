import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { count, createSequence, createTemplate, enrol, insertContact } from '../testing/fixtures';
import { SmtpSink } from '../testing/smtp-sink';

describe('nurture scheduler and mailer through a real SMTP server (real Postgres)', () => {
  let smtp: SmtpSink;
  let crm: TestSubgraph;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    crm = await startTestSubgraph(crmSubgraph, { SMTP_URL: smtp.url, NURTURE_POLL_MS: '100', MAIL_FROM: 'Acme CRM <crm@acme.test>' });
  });
  afterAll(async () => {
    await crm?.close();
    await smtp?.close();
  });

  it('sends A and B and creates the task back to back, waits, then sends C: exactly three emails, rendered', async () => {
    const a = await createTemplate(crm, {
      name: 'Welcome',
      subject: 'Welcome, {{firstName}}!',
      body: 'Hello {{firstName}} {{lastName}} of {{company}} ({{email}}).',
    });
    const b = await createTemplate(crm, { name: 'Guide', subject: 'Your guide, {{ firstName }}', body: 'Here is the guide for {{company}}.' });
    const c = await createTemplate(crm, { name: 'Follow-up', subject: 'Still there, {{firstName}}?', body: 'Checking in <{{email}}> & more.' });
    const sequenceId = await createSequence(crm, {
      name: 'Onboarding',
      trigger: { kind: 'MANUAL' },
      steps: [
        { kind: 'SEND_EMAIL', templateId: a },
        { kind: 'CREATE_TASK', title: 'Call the new customer', dueInDays: 3, assigneeId: 'rep-1' },
        { kind: 'SEND_EMAIL', templateId: b },
        { kind: 'WAIT', days: 2 },
        { kind: 'SEND_EMAIL', templateId: c },
      ],
    });
    const { contactId, customerId } = await insertContact(crm, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@engines.test',
      company: 'Analytical Engines',
    });
    const enrolmentId = await enrol(crm, sequenceId, { contactId });

    await eventually(async () => smtp.messages.length >= 2, 'emails A and B');
    const enrolment = await eventually(async () => {
      const [row] = await crm.dataSource.query(
        `SELECT next_position, next_run_at > now() + interval '47 hours' AS waiting FROM nurture_enrolments WHERE id = $1`,
        [enrolmentId],
      );
      return row.next_position === 4 && row.waiting ? row : undefined;
    }, 'the wait step');
    expect(enrolment.waiting).toBe(true);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Welcome, Ada!', 'Your guide, Ada']);
    expect(smtp.messages[0]).toMatchObject({
      to: 'ada@engines.test',
      from: 'Acme CRM <crm@acme.test>',
      text: 'Hello Ada Lovelace of Analytical Engines (ada@engines.test).',
    });
    const tasks = await crm.dataSource.query(
      `SELECT title, assignee_id, contact_id, customer_id, lead_id, due_at - created_at > interval '71 hours' AS due_later FROM tasks`,
    );
    expect(tasks).toEqual([
      { title: 'Call the new customer', assignee_id: 'rep-1', contact_id: contactId, customer_id: customerId, lead_id: null, due_later: true },
    ]);

    // Skip the two days.
    await crm.dataSource.query(`UPDATE nurture_enrolments SET next_run_at = now() - interval '1 second' WHERE id = $1`, [enrolmentId]);
    await eventually(async () => {
      const [row] = await crm.dataSource.query(`SELECT status FROM nurture_enrolments WHERE id = $1`, [enrolmentId]);
      return row.status === 'completed' && (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'sent'`)) === 3;
    }, 'email C and completion');
    expect(smtp.messages).toHaveLength(3);
    expect(smtp.messages[2]).toMatchObject({ subject: 'Still there, Ada?', text: 'Checking in <ada@engines.test> & more.' });
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(3);
    const outbound = await crm.dataSource.query(`SELECT id FROM outbound_emails ORDER BY position`);
    expect(smtp.messages.map((m) => m.messageId).sort()).toEqual(outbound.map((o: { id: string }) => `<${o.id}@nurture.crm.invalid>`).sort());
    expect(await crm.dataSource.query(`SELECT position FROM nurture_step_runs WHERE enrolment_id = $1 ORDER BY position`, [enrolmentId])).toEqual(
      [0, 1, 2, 3, 4].map((position) => ({ position })),
    );
    const activities = await crm.dataSource.query(`SELECT kind, actor, contact_id, customer_id, subject FROM activities ORDER BY occurred_at, subject`);
    expect(activities).toHaveLength(3);
    expect(activities[0]).toEqual({ kind: 'email_sent', actor: 'nurture', contact_id: contactId, customer_id: customerId, subject: 'Welcome, Ada!' });
    expect(await count(crm, `SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = 'crm.activity.logged'`)).toBe(3);

    const read = await crm.request<{
      enrolments: { nodes: { status: string; nextStep: unknown; nextRunAt: unknown; stepsRun: { position: number; kind: string }[] }[] };
    }>(`query($id: ID!) { enrolments(sequenceId: $id) { nodes { status nextStep { kind } nextRunAt stepsRun { position kind } } } }`, { id: sequenceId });
    expect(read.data!.enrolments.nodes).toEqual([
      {
        status: 'COMPLETED',
        nextStep: null,
        nextRunAt: null,
        stepsRun: [
          { position: 0, kind: 'SEND_EMAIL' },
          { position: 1, kind: 'CREATE_TASK' },
          { position: 2, kind: 'SEND_EMAIL' },
          { position: 3, kind: 'WAIT' },
          { position: 4, kind: 'SEND_EMAIL' },
        ],
      },
    ]);
  });
});
