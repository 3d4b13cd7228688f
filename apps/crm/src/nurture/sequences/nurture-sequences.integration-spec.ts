import { Client } from 'pg';
import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { backendPid, eventually, waitUntilBlocked } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { count, createSequence, createTemplate, ENROL, enrol, insertContact } from '../testing/fixtures';

const CREATE_TEMPLATE = `mutation($input: CreateEmailTemplateInput!) { createEmailTemplate(input: $input) { id name subject body createdAt } }`;
const CREATE_SEQUENCE = `mutation($input: CreateNurtureSequenceInput!) {
  createNurtureSequence(input: $input) { id name active trigger { kind ref } steps { position kind templateId days title dueInDays assigneeId } } }`;
const SEQUENCE = `query($id: ID!) { nurtureSequence(id: $id) { id name active steps { position kind } enrolmentCounts { active completed cancelled total } } }`;
const sales = { sub: 'rep-1', roles: [Role.Sales] };
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

describe('crm nurture sequences over GraphQL (real Postgres)', () => {
  let crm: TestSubgraph;
  let templateId: string;
  /** Rows a failed command must leave untouched. */
  const snapshot = async () =>
    Promise.all(
      ['email_templates', 'nurture_sequences', 'nurture_steps', 'nurture_enrolments', 'audit_log', 'outbox'].map((table) =>
        count(crm, `SELECT count(*) AS n FROM ${table}`),
      ),
    );

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '100', MAIL_LOG_PATH: '/dev/null' });
    templateId = await createTemplate(crm, { name: 'Intro', subject: 'Hi {{firstName}}', body: 'Welcome to {{company}}' });
  });
  afterAll(() => crm?.close());

  describe('email templates', () => {
    it('creates a template and lists it', async () => {
      const created = await crm.request<{ createEmailTemplate: { id: string; name: string } }>(CREATE_TEMPLATE, {
        input: { name: '  Newsletter ', subject: 'News for {{ firstName }}', body: 'Dear {{firstName}} {{lastName}}, <b>{{email}}</b>' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createEmailTemplate).toMatchObject({ name: 'Newsletter', subject: 'News for {{ firstName }}' });
      const list = await crm.request<{ emailTemplates: { nodes: { name: string }[] } }>(`{ emailTemplates(first: 10) { nodes { name } } }`);
      expect(list.data!.emailTemplates.nodes.map((t) => t.name)).toEqual(['Intro', 'Newsletter']);
    });

    it('refuses unknown placeholders with BAD_USER_INPUT naming the field, and writes nothing', async () => {
      const before = await snapshot();
      const result = await crm.request(CREATE_TEMPLATE, { input: { name: 'Bad', subject: 'Hi {{phone}}', body: 'ok {{firstName}} {{ mood }}' } });
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { subject: [expect.stringContaining('{{phone}}')], body: [expect.stringContaining('{{mood}}')] },
      });
      expect(await snapshot()).toEqual(before);
    });

    it('answers CONFLICT for a duplicate name, whatever its case', async () => {
      const result = await crm.request(CREATE_TEMPLATE, { input: { name: 'INTRO', subject: 's', body: 'b' } });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: templateId });
    });
  });

  describe('sequences', () => {
    it('creates a sequence with its steps and an audit entry, and reads it back', async () => {
      const result = await crm.request<{ createNurtureSequence: { id: string } }>(CREATE_SEQUENCE, {
        input: {
          name: 'Ebook follow-up',
          trigger: { kind: 'CONTENT_DOWNLOAD', ref: 'AAAAAAAA-1111-4111-8111-111111111111' },
          steps: [
            { kind: 'SEND_EMAIL', templateId },
            { kind: 'WAIT', days: 3 },
            { kind: 'CREATE_TASK', title: ' Call ', dueInDays: 2, assigneeId: 'rep-1' },
          ],
        },
      });
      expect(result.errors).toBeUndefined();
      const sequence = result.data!.createNurtureSequence;
      expect(sequence).toEqual({
        id: expect.any(String),
        name: 'Ebook follow-up',
        active: true,
        trigger: { kind: 'CONTENT_DOWNLOAD', ref: 'aaaaaaaa-1111-4111-8111-111111111111' },
        steps: [
          { position: 0, kind: 'SEND_EMAIL', templateId, days: null, title: null, dueInDays: null, assigneeId: null },
          { position: 1, kind: 'WAIT', templateId: null, days: 3, title: null, dueInDays: null, assigneeId: null },
          { position: 2, kind: 'CREATE_TASK', templateId: null, days: null, title: 'Call', dueInDays: 2, assigneeId: 'rep-1' },
        ],
      });
      expect(await crm.dataSource.query(`SELECT actor, action, target FROM audit_log WHERE action = 'createNurtureSequence'`)).toEqual([
        { actor: 'test-admin', action: 'createNurtureSequence', target: sequence.id },
      ]);
      const read = await crm.request(SEQUENCE, { id: sequence.id });
      expect(read.data).toEqual({
        nurtureSequence: {
          id: sequence.id,
          name: 'Ebook follow-up',
          active: true,
          steps: [0, 1, 2].map((position, i) => ({ position, kind: ['SEND_EMAIL', 'WAIT', 'CREATE_TASK'][i] })),
          enrolmentCounts: { active: 0, completed: 0, cancelled: 0, total: 0 },
        },
      });
    });

    it.each([
      ['no steps', { trigger: { kind: 'MANUAL' }, steps: [] }, 'steps'],
      ['51 steps', { trigger: { kind: 'MANUAL' }, steps: Array.from({ length: 51 }, () => ({ kind: 'WAIT', days: 1 })) }, 'steps'],
      ['an email without template', { trigger: { kind: 'MANUAL' }, steps: [{ kind: 'SEND_EMAIL' }] }, 'steps.0.templateId'],
      [
        'a wait of 400 days',
        {
          trigger: { kind: 'MANUAL' },
          steps: [
            { kind: 'WAIT', days: 1 },
            { kind: 'WAIT', days: 400 },
          ],
        },
        'steps.1.days',
      ],
      ['a wait with a template', { trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 1, templateId: UNKNOWN }] }, 'steps.0.templateId'],
      ['a task without title', { trigger: { kind: 'MANUAL' }, steps: [{ kind: 'CREATE_TASK', title: '  ' }] }, 'steps.0.title'],
      ['a form trigger without ref', { trigger: { kind: 'FORM_SUBMISSION' }, steps: [{ kind: 'WAIT', days: 1 }] }, 'trigger.ref'],
      ['a manual trigger with ref', { trigger: { kind: 'MANUAL', ref: UNKNOWN }, steps: [{ kind: 'WAIT', days: 1 }] }, 'trigger.ref'],
    ])('refuses %s with BAD_USER_INPUT on %s and writes nothing', async (_case, input, field) => {
      const before = await snapshot();
      const result = await crm.request(CREATE_SEQUENCE, { input: { name: 'Invalid', ...input } });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(result.errors?.[0].extensions?.fields as object)).toContain(field);
      expect(await snapshot()).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown template and writes nothing', async () => {
      const before = await snapshot();
      const result = await crm.request(CREATE_SEQUENCE, {
        input: { name: 'Ghost', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'SEND_EMAIL', templateId: UNKNOWN }] },
      });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', type: 'EmailTemplate', id: UNKNOWN });
      expect(await snapshot()).toEqual(before);
    });

    it('answers NOT_FOUND for an unknown or malformed sequence id', async () => {
      for (const id of [UNKNOWN, 'nope']) {
        expect((await crm.request(SEQUENCE, { id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
        expect((await crm.request(`mutation($id: ID!) { setNurtureSequenceActive(id: $id, active: false) { id } }`, { id })).errors?.[0].extensions?.code).toBe(
          'NOT_FOUND',
        );
      }
    });

    it('keeps sequence management to sequence:manage', async () => {
      const result = await crm.request(
        CREATE_SEQUENCE,
        { input: { name: 'Sales own', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 1 }] } },
        sales,
      );
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('enrolments', () => {
    let sequenceId: string;
    beforeAll(async () => {
      // Starts with a wait, so enrolments stay active and show their next step.
      sequenceId = await createSequence(crm, {
        name: 'Slow',
        trigger: { kind: 'MANUAL' },
        steps: [
          { kind: 'WAIT', days: 3 },
          { kind: 'SEND_EMAIL', templateId },
        ],
      });
    });

    it('enrols a contact once: CONFLICT with the enrolment id the second time, nothing written', async () => {
      const { contactId } = await insertContact(crm, { firstName: 'Ada', email: 'ada@once.test' });
      const first = await crm.request<{ enrolInSequence: { id: string; status: string; email: string } }>(ENROL, { sequenceId, target: { contactId } }, sales);
      expect(first.errors).toBeUndefined();
      expect(first.data!.enrolInSequence).toMatchObject({ status: 'ACTIVE', email: 'ada@once.test', contactId, leadId: null, nextPosition: 0 });
      const before = await snapshot();
      const again = await crm.request(ENROL, { sequenceId, target: { contactId } }, sales);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', enrolmentId: first.data!.enrolInSequence.id });
      expect(await snapshot()).toEqual(before);
    });

    it('enrols the survivor when the contact is merged away while the enrolment waits on it (not an internal error)', async () => {
      const waiting = await createSequence(crm, { name: 'Merge wait', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 3 }] });
      const { contactId: mergedId } = await insertContact(crm, { firstName: 'Mo', email: 'mo@merged.test' });
      const { contactId: survivorId } = await insertContact(crm, { firstName: 'Mo', email: 'mo@survivor.test' });
      // mergeContacts, held open after locking both contacts.
      const merge = new Client({ connectionString: crm.databaseUrl });
      await merge.connect();
      try {
        await merge.query('BEGIN');
        await merge.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[mergedId, survivorId]]);
        const pending = crm.request<{ enrolInSequence: { contactId: string; email: string } }>(ENROL, { sequenceId: waiting, target: { contactId: mergedId } });
        // The enrolment waits to hold the contact: only then does the merge go on and commit.
        const blocked = await waitUntilBlocked(crm.dataSource, await backendPid(merge), { what: 'enrolInSequence', racer: pending });
        expect(blocked.map((b) => b.query)).toEqual([expect.stringMatching(/FROM contacts c[\s\S]*FOR KEY SHARE/)]);
        await merge.query(`INSERT INTO contact_merges (merged_id, survivor_id) VALUES ($1, $2)`, [mergedId, survivorId]);
        await merge.query(`DELETE FROM contacts WHERE id = $1`, [mergedId]);
        await merge.query('COMMIT');
        const result = await pending;
        expect(result.errors).toBeUndefined();
        expect(result.data!.enrolInSequence).toMatchObject({ contactId: survivorId, email: 'mo@survivor.test' });
      } finally {
        await merge.end();
      }
    });

    it('enrols a lead by its email', async () => {
      const leadId = '22222222-2222-4222-8222-222222222222';
      await crm.dataSource.query(`INSERT INTO leads (id, email, first_name, source) VALUES ($1, 'lead@x.test', 'Lea', 'manual')`, [leadId]);
      const result = await crm.request(ENROL, { sequenceId, target: { leadId } });
      expect(result.data?.enrolInSequence).toMatchObject({ leadId, contactId: null, email: 'lead@x.test' });
    });

    it('refuses a contact without email, unknown people and sequences, and ambiguous targets, writing nothing', async () => {
      const { contactId: noEmail } = await insertContact(crm, { firstName: 'Nomail', email: null });
      const { contactId } = await insertContact(crm, { firstName: 'Ok', email: 'ok@x.test' });
      const inactive = await createSequence(crm, { name: 'Paused', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 1 }] });
      await crm.request(`mutation($id: ID!) { setNurtureSequenceActive(id: $id, active: false) { active } }`, { id: inactive });
      const before = await snapshot();
      const cases: [Record<string, unknown>, string][] = [
        [{ sequenceId, target: { contactId: noEmail } }, 'BAD_USER_INPUT'],
        [{ sequenceId, target: { contactId: UNKNOWN } }, 'NOT_FOUND'],
        [{ sequenceId, target: { leadId: UNKNOWN } }, 'NOT_FOUND'],
        [{ sequenceId: UNKNOWN, target: { contactId } }, 'NOT_FOUND'],
        [{ sequenceId: 'nope', target: { contactId } }, 'NOT_FOUND'],
        [{ sequenceId, target: {} }, 'BAD_USER_INPUT'],
        [{ sequenceId, target: { contactId, leadId: UNKNOWN } }, 'BAD_USER_INPUT'],
      ];
      for (const [variables, code] of cases) {
        const result = await crm.request(ENROL, variables);
        expect([variables, result.errors?.[0].extensions?.code]).toEqual([variables, code]);
      }
      const paused = await crm.request(ENROL, { sequenceId: inactive, target: { contactId } });
      expect(paused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'SEQUENCE_INACTIVE' });
      expect(await snapshot()).toEqual(before);
    });

    it('lists enrolments with their next step, next run time and the steps they ran, in constant SQL statements', async () => {
      for (let i = 0; i < 3; i++)
        await enrol(crm, sequenceId, { contactId: (await insertContact(crm, { firstName: `P${i}`, email: `p${i}@list.test` })).contactId });
      await eventually(
        async () => (await count(crm, `SELECT count(*) AS n FROM nurture_enrolments WHERE sequence_id = $1 AND next_position = 0`, [sequenceId])) === 0,
        'the first waits to run',
      );
      const LIST = `query($id: ID!, $first: Int) { enrolments(sequenceId: $id, status: ACTIVE, first: $first) { nodes { email status nextPosition nextRunAt nextStep { kind templateId } stepsRun { position kind } } } }`;
      const measure = async (first: number) => {
        const before = await crm.queryCount();
        const result = await crm.request<{ enrolments: { nodes: { nextRunAt: string; nextStep: unknown; stepsRun: unknown }[] } }>(LIST, {
          id: sequenceId,
          first,
        });
        expect(result.errors).toBeUndefined();
        return { result, statements: (await crm.queryCount()) - before };
      };
      const { result, statements } = await measure(100);
      const nodes = result.data!.enrolments.nodes;
      expect(nodes.length).toBe(5);
      for (const node of nodes) {
        expect(node).toMatchObject({
          status: 'ACTIVE',
          nextPosition: 1,
          nextStep: { kind: 'SEND_EMAIL', templateId },
          stepsRun: [{ position: 0, kind: 'WAIT' }],
        });
        expect(new Date(node.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);
      }
      expect((await measure(1)).statements).toBe(statements);
      const seq = await crm.request<{ nurtureSequence: { enrolmentCounts: unknown } }>(SEQUENCE, { id: sequenceId });
      expect(seq.data!.nurtureSequence.enrolmentCounts).toEqual({ active: 5, completed: 0, cancelled: 0, total: 5 });
    });

    it('cancels an enrolment: no further steps, listed as cancelled, cancelling again changes nothing', async () => {
      const { contactId } = await insertContact(crm, { firstName: 'Cy', email: 'cy@cancel.test' });
      const id = await enrol(crm, sequenceId, { contactId });
      const CANCEL = `mutation($id: ID!) { cancelEnrolment(id: $id) { id status nextRunAt nextStep { kind } } }`;
      const cancelled = await crm.request(CANCEL, { id }, sales);
      expect(cancelled.data).toEqual({ cancelEnrolment: { id, status: 'CANCELLED', nextRunAt: null, nextStep: null } });
      expect((await crm.request(CANCEL, { id })).data).toEqual(cancelled.data);
      const listed = await crm.request<{ enrolments: { nodes: { id: string }[] } }>(
        `query($s: ID!) { enrolments(sequenceId: $s, status: CANCELLED) { nodes { id } } }`,
        { s: sequenceId },
      );
      expect(listed.data!.enrolments.nodes).toEqual([{ id }]);
      expect((await crm.request(CANCEL, { id: UNKNOWN })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('withdraws the email a cancelled enrolment had queued but not sent', async () => {
      const id = await enrol(crm, sequenceId, { contactId: (await insertContact(crm, { firstName: 'Di', email: 'di@cancel.test' })).contactId });
      await crm.dataSource.query(
        `INSERT INTO outbound_emails (id, enrolment_id, position, recipient, subject, body, next_attempt_at) VALUES (gen_random_uuid(), $1, 1, 'di@cancel.test', 's', 'b', now() + interval '1 hour')`,
        [id],
      );
      await crm.request(`mutation($id: ID!) { cancelEnrolment(id: $id) { id } }`, { id });
      expect(await crm.dataSource.query(`SELECT status, last_error FROM outbound_emails WHERE enrolment_id = $1`, [id])).toEqual([
        { status: 'failed', last_error: 'enrolment cancelled before sending' },
      ]);
    });

    it('refuses to cancel a completed enrolment with CONFLICT', async () => {
      const quick = await createSequence(crm, { name: 'Quick', trigger: { kind: 'MANUAL' }, steps: [{ kind: 'CREATE_TASK', title: 'Ping' }] });
      const id = await enrol(crm, quick, { contactId: (await insertContact(crm, { firstName: 'Q', email: 'q@quick.test' })).contactId });
      await eventually(
        async () => (await crm.dataSource.query(`SELECT status FROM nurture_enrolments WHERE id = $1`, [id]))[0].status === 'completed',
        'completion',
      );
      const result = await crm.request(`mutation($id: ID!) { cancelEnrolment(id: $id) { id } }`, { id });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ENROLMENT_COMPLETED', enrolmentId: id });
    });
  });

  it('lists sequences with steps and counts in the same number of SQL statements for 1 or many', async () => {
    const LIST = `query($first: Int) { nurtureSequences(first: $first) { nodes { name steps { kind } enrolmentCounts { total } } } }`;
    const measure = async (first: number) => {
      const before = await crm.queryCount();
      const result = await crm.request<{ nurtureSequences: { nodes: unknown[] } }>(LIST, { first });
      expect(result.data!.nurtureSequences.nodes).toHaveLength(first);
      return (await crm.queryCount()) - before;
    };
    expect(await measure(4)).toBe(await measure(1));
  });
});
