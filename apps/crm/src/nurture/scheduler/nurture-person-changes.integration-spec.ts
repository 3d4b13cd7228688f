import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { count, createSequence, createTemplate, enrol, insertContact } from '../testing/fixtures';
import { SmtpSink } from '../testing/smtp-sink';

/**
 * What becomes of an enrolment when its person changes between two steps:
 * the email is removed or changed, the contact is merged away, the lead is
 * converted. Each sequence is: email A, wait a day, email B, a task.
 */
describe('nurture enrolments follow their person between steps (real Postgres, real SMTP)', () => {
  let smtp: SmtpSink;
  let crm: TestSubgraph;
  let sequenceId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    crm = await startTestSubgraph(crmSubgraph, { SMTP_URL: smtp.url, NURTURE_POLL_MS: '100' });
    const a = await createTemplate(crm, { name: 'Person A', subject: 'A for {{firstName}}', body: 'A' });
    const b = await createTemplate(crm, { name: 'Person B', subject: 'B for {{firstName}}', body: 'B' });
    sequenceId = await createSequence(crm, {
      name: 'Person changes',
      trigger: { kind: 'MANUAL' },
      steps: [
        { kind: 'SEND_EMAIL', templateId: a },
        { kind: 'WAIT', days: 1 },
        { kind: 'SEND_EMAIL', templateId: b },
        { kind: 'CREATE_TASK', title: 'Follow up' },
      ],
    });
  });
  afterAll(async () => {
    await crm?.close();
    await smtp?.close();
  });

  /** Enrols, waits for email A and the wait step, lets `change` act, then skips the wait and waits for the enrolment to stop. */
  async function acrossTheWait(target: { contactId?: string; leadId?: string }, change: () => Promise<void>) {
    const enrolmentId = await enrol(crm, sequenceId, target);
    await eventually(async () => {
      const [row] = await crm.dataSource.query(
        `SELECT next_position, next_run_at > now() + interval '23 hours' AS waiting FROM nurture_enrolments WHERE id = $1`,
        [enrolmentId],
      );
      return row.next_position === 2 && row.waiting;
    }, 'email A and the wait');
    await eventually(
      async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE enrolment_id = $1 AND status = 'sent'`, [enrolmentId])) === 1,
      'email A sent',
    );
    await change();
    await crm.dataSource.query(`UPDATE nurture_enrolments SET next_run_at = now() - interval '1 second' WHERE id = $1`, [enrolmentId]);
    const [row] = await eventually(async () => {
      const rows = await crm.dataSource.query(`SELECT status, contact_id AS "contactId", email FROM nurture_enrolments WHERE id = $1 AND status <> 'active'`, [
        enrolmentId,
      ]);
      return rows.length ? rows : undefined;
    }, 'the enrolment to stop');
    await eventually(async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'pending'`)) === 0, 'pending mail sent');
    return { enrolmentId, enrolment: row as { status: string; contactId: string | null; email: string } };
  }

  const mailTo = (address: string) => smtp.messages.filter((m) => m.to === address).map((m) => m.subject);

  it('stops the sequence, sending nothing more, when the contact no longer has an email address', async () => {
    const { contactId } = await insertContact(crm, { firstName: 'Nora', email: 'nora@gone.test' });
    const { enrolmentId, enrolment } = await acrossTheWait({ contactId }, async () => {
      await crm.dataSource.query(`UPDATE contacts SET email = NULL WHERE id = $1`, [contactId]);
    });
    expect(enrolment.status).toBe('cancelled');
    expect(mailTo('nora@gone.test')).toEqual(['A for Nora']);
    expect(await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE enrolment_id = $1`, [enrolmentId])).toBe(1);
    expect(await count(crm, `SELECT count(*) AS n FROM tasks WHERE contact_id = $1`, [contactId])).toBe(0);
  });

  it('mails the address the contact has now, not the one it had when enrolled', async () => {
    const { contactId } = await insertContact(crm, { firstName: 'Otto', email: 'otto@old.test' });
    const { enrolment } = await acrossTheWait({ contactId }, async () => {
      await crm.dataSource.query(`UPDATE contacts SET email = 'otto@new.test' WHERE id = $1`, [contactId]);
    });
    expect(enrolment).toMatchObject({ status: 'completed', email: 'otto@new.test' });
    expect(mailTo('otto@old.test')).toEqual(['A for Otto']);
    expect(mailTo('otto@new.test')).toEqual(['B for Otto']);
  });

  it('follows a contact merged away mid-sequence to the survivor: its address, its task', async () => {
    const { contactId: mergedId } = await insertContact(crm, { firstName: 'Pia', email: 'pia@duplicate.test' });
    const { contactId: survivorId } = await insertContact(crm, { firstName: 'Pia', email: 'pia@survivor.test' });
    const { enrolment } = await acrossTheWait({ contactId: mergedId }, async () => {
      const merged = await crm.request(`mutation($s: ID!, $m: ID!) { mergeContacts(survivorId: $s, mergedId: $m) { id } }`, { s: survivorId, m: mergedId });
      expect(merged.errors).toBeUndefined();
    });
    expect(enrolment).toMatchObject({ status: 'completed', contactId: survivorId, email: 'pia@survivor.test' });
    expect(mailTo('pia@duplicate.test')).toEqual(['A for Pia']);
    expect(mailTo('pia@survivor.test')).toEqual(['B for Pia']);
    expect(await crm.dataSource.query(`SELECT contact_id AS "contactId" FROM tasks WHERE title = 'Follow up' AND contact_id = $1`, [survivorId])).toHaveLength(
      1,
    );
  });

  it('continues a lead converted mid-sequence as its contact: the task and the email_sent entry reach the customer', async () => {
    const leadId = randomUUID();
    await crm.dataSource.query(
      `INSERT INTO leads (id, email, first_name, last_name, company, source) VALUES ($1, 'quinn@prospect.test', 'Quinn', 'Lee', 'Prospect Ltd', 'manual')`,
      [leadId],
    );
    let converted: { customerId: string; contactId: string } | undefined;
    const { enrolment } = await acrossTheWait({ leadId }, async () => {
      const result = await crm.request<{ convertLead: { customer: { id: string }; contact: { id: string } } }>(
        `mutation($id: ID!) { convertLead(id: $id) { customer { id } contact { id } } }`,
        { id: leadId },
      );
      expect(result.errors).toBeUndefined();
      converted = { customerId: result.data!.convertLead.customer.id, contactId: result.data!.convertLead.contact.id };
    });
    expect(enrolment).toMatchObject({ status: 'completed', contactId: converted!.contactId });
    expect(mailTo('quinn@prospect.test')).toEqual(['A for Quinn', 'B for Quinn']);
    const [task] = await crm.dataSource.query(
      `SELECT contact_id AS "contactId", customer_id AS "customerId", lead_id AS "leadId" FROM tasks WHERE title = 'Follow up' AND customer_id = $1`,
      [converted!.customerId],
    );
    expect(task).toEqual({ contactId: converted!.contactId, customerId: converted!.customerId, leadId: null });
    const entries = await eventually(async () => {
      const rows = await crm.dataSource.query(
        `SELECT subject, contact_id AS "contactId", customer_id AS "customerId" FROM activities WHERE kind = 'email_sent' AND subject = 'B for Quinn'`,
      );
      return rows.length ? rows : undefined;
    }, 'the email_sent entry of B');
    expect(entries).toEqual([{ subject: 'B for Quinn', contactId: converted!.contactId, customerId: converted!.customerId }]);
  });

  it('sends an email once when a merge of its contact is under way while the mailer has it', async () => {
    const waiting = await createSequence(crm, { name: 'Merge race', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 1 }] });
    const { contactId: mergedId } = await insertContact(crm, { firstName: 'Rae', email: 'rae@race.test' });
    const { contactId: survivorId } = await insertContact(crm, { firstName: 'Rae', email: 'rae@survivor.test' });
    const enrolmentId = await enrol(crm, waiting, { contactId: mergedId });
    await eventually(
      async () => (await count(crm, `SELECT count(*) AS n FROM nurture_step_runs WHERE enrolment_id = $1`, [enrolmentId])) === 1,
      'the wait step',
    );

    // The first half of mergeContacts, in a transaction held open: both contacts locked.
    const merge = new Client({ connectionString: crm.databaseUrl });
    await merge.connect();
    try {
      await merge.query('BEGIN');
      await merge.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[mergedId, survivorId]]);
      const emailId = randomUUID();
      await crm.dataSource.query(
        `INSERT INTO outbound_emails (id, enrolment_id, position, recipient, subject, body) VALUES ($1, $2, 7, 'rae@race.test', 'Race', 'Body')`,
        [emailId, enrolmentId],
      );
      await crm.dataSource.query(`SELECT pg_notify('nurture_outbound_emails', '')`);
      // The mailer takes the email, finds its contact held by the merge and puts the email off rather than send it now.
      const taken = await eventually(async () => {
        const [row] = await crm.dataSource.query(`SELECT status, attempts, next_attempt_at > now() AS deferred FROM outbound_emails WHERE id = $1`, [emailId]);
        return row.status !== 'pending' || row.deferred ? row : undefined;
      }, 'the mailer to take the email');
      expect(taken).toEqual({ status: 'pending', attempts: 0, deferred: true });
      expect(smtp.messages.filter((m) => m.subject === 'Race')).toEqual([]);
      // The rest of the merge: references move, the merged contact goes.
      await merge.query(`UPDATE nurture_enrolments SET contact_id = $1 WHERE contact_id = $2`, [survivorId, mergedId]);
      await merge.query(`DELETE FROM contacts WHERE id = $1`, [mergedId]);
      await merge.query('COMMIT');

      // The sink records a message before it acknowledges it, and a sent email is never taken again: every send is counted by now.
      await eventually(
        async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE id = $1 AND status = 'sent'`, [emailId])) === 1,
        'the email sent',
        30_000,
      );
      expect(smtp.messages.filter((m) => m.subject === 'Race')).toHaveLength(1);
      expect(await crm.dataSource.query(`SELECT contact_id AS "contactId" FROM activities WHERE source_event_id = $1`, [`outbound_email:${emailId}`])).toEqual([
        { contactId: survivorId },
      ]);
    } finally {
      await merge.end();
    }
  });

  it('backs off a step that keeps failing, recording the error, and gives the enrolment up after the last attempt', async () => {
    const broken = await createSequence(crm, {
      name: 'Broken step',
      trigger: { kind: 'MANUAL' },
      steps: [{ kind: 'CREATE_TASK', title: 'Never created', assigneeId: 'rep' }],
    });
    // A row the tasks table refuses (written before the input checked it, say): the step fails every time.
    await crm.dataSource.query(`UPDATE nurture_steps SET task_assignee_id = repeat('x', 201) WHERE sequence_id = $1`, [broken]);
    const { contactId } = await insertContact(crm, { firstName: 'Sam', email: 'sam@broken.test' });
    const enrolmentId = await enrol(crm, broken, { contactId });
    const first = await eventually(async () => {
      const [row] = await crm.dataSource.query(
        `SELECT status, step_failures AS failures, last_error AS "lastError", next_run_at > now() + interval '4 minutes' AS "backedOff" FROM nurture_enrolments WHERE id = $1`,
        [enrolmentId],
      );
      return row.failures === 1 ? row : undefined;
    }, 'the first failure');
    expect(first).toMatchObject({ status: 'active', backedOff: true });
    expect(first.lastError).toContain('check constraint');

    await crm.dataSource.query(`UPDATE nurture_enrolments SET step_failures = 7, next_run_at = now() - interval '1 second' WHERE id = $1`, [enrolmentId]);
    const last = await eventually(async () => {
      const [row] = await crm.dataSource.query(`SELECT status, step_failures AS failures, next_run_at AS "nextRunAt" FROM nurture_enrolments WHERE id = $1`, [
        enrolmentId,
      ]);
      return row.status !== 'active' ? row : undefined;
    }, 'the enrolment given up');
    expect(last).toEqual({ status: 'cancelled', failures: 8, nextRunAt: null });
    expect(await count(crm, `SELECT count(*) AS n FROM tasks WHERE title = 'Never created'`)).toBe(0);
    expect(await count(crm, `SELECT count(*) AS n FROM nurture_step_runs WHERE enrolment_id = $1`, [enrolmentId])).toBe(0);
  });

  it("assigns a step's task without an assignee to the owner of the contact, or of the lead", async () => {
    const owned = await createSequence(crm, { name: 'Owned tasks', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'CREATE_TASK', title: 'Owner call' }] });
    const { contactId } = await insertContact(crm, { firstName: 'Tom', email: 'tom@owned.test' });
    await crm.dataSource.query(`UPDATE contacts SET owner_id = 'rep-contact-owner' WHERE id = $1`, [contactId]);
    const leadId = randomUUID();
    await crm.dataSource.query(`INSERT INTO leads (id, email, first_name, source, owner_id) VALUES ($1, 'una@owned.test', 'Una', 'manual', 'rep-lead-owner')`, [
      leadId,
    ]);
    await enrol(crm, owned, { contactId });
    await enrol(crm, owned, { leadId });
    const tasks = await eventually(async () => {
      const rows = await crm.dataSource.query(
        `SELECT assignee_id AS "assigneeId", contact_id AS "contactId", lead_id AS "leadId" FROM tasks WHERE title = 'Owner call' ORDER BY assignee_id`,
      );
      return rows.length === 2 ? rows : undefined;
    }, 'both tasks');
    expect(tasks).toEqual([
      { assigneeId: 'rep-contact-owner', contactId, leadId: null },
      { assigneeId: 'rep-lead-owner', contactId: null, leadId },
    ]);
  });
});
