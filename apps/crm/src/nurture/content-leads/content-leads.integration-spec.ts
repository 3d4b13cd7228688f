import { randomUUID } from 'node:crypto';
import {
  contentDownloadedV1,
  createEnvelope,
  eventOf,
  type EventEnvelope,
  formSubmittedV1,
  inboxHandler,
  platformEvents,
  subscriptionOf,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { crmSubgraph } from '../../crm.subgraph';
import { count, createSequence, createTemplate, insertContact } from '../testing/fixtures';
import { ContentLeadsConsumer } from './content-leads.consumer';

const FORM = randomUUID();
const OTHER_FORM = randomUUID();
const CONTENT = randomUUID();

describe('cms form submissions and downloads become leads, timeline entries and enrolments (real Postgres, real inbox)', () => {
  let crm: TestSubgraph;
  let deliver: (envelope: EventEnvelope) => Promise<void>;
  let formSequence: string;
  let contentSequence: string;

  // The scheduler runs in the background: the mail it sends (email_sent activities and their events) is not the consumer's doing.
  const snapshot = () =>
    Promise.all(
      [
        'leads',
        `activities WHERE kind <> 'email_sent'`,
        'nurture_enrolments',
        `outbox WHERE envelope->'data'->>'kind' IS DISTINCT FROM 'email_sent'`,
        'inbox',
      ].map((rows) => count(crm, `SELECT count(*) AS n FROM ${rows}`)),
    );

  const formSubmitted = (email: string, extra: Partial<Record<'firstName' | 'lastName' | 'company', string | null>> = {}, formId = FORM) =>
    createEnvelope(
      'cms',
      eventOf(formSubmittedV1, formId, {
        submissionId: randomUUID(),
        formId,
        formName: 'Contact us',
        contentId: null,
        email,
        firstName: null,
        lastName: null,
        company: null,
        anonymousId: 'anon-1',
        fields: { message: 'Call me', phone: '123' },
        submittedAt: '2026-01-05T10:00:00.000Z',
        ...extra,
      }),
    );

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph, { NURTURE_POLL_MS: '100', MAIL_LOG_PATH: '/dev/null' });
    const consumer = crm.app.get(ContentLeadsConsumer);
    expect(consumer.group).toBe('crm.content-leads');
    const handle = inboxHandler({
      dataSource: crm.dataSource,
      registry: platformEvents,
      group: consumer.group,
      handlers: subscriptionOf(consumer.bindings).handlers,
    });
    deliver = (envelope) =>
      handle({ value: JSON.stringify(envelope), key: envelope.subject, partition: 0, offset: '0', topic: platformEvents.topicOf(envelope.type), headers: {} });
    const template = await createTemplate(crm, { name: 'Thanks', subject: 'Thanks {{firstName}}', body: 'From {{company}}' });
    const steps = [{ kind: 'SEND_EMAIL', templateId: template }];
    formSequence = await createSequence(crm, { name: 'Form follow-up', trigger: { kind: 'FORM_SUBMISSION', ref: FORM }, steps });
    await createSequence(crm, { name: 'Other form', trigger: { kind: 'FORM_SUBMISSION', ref: OTHER_FORM }, steps });
    const paused = await createSequence(crm, { name: 'Paused form', trigger: { kind: 'FORM_SUBMISSION', ref: FORM }, steps });
    await crm.request(`mutation($id: ID!) { setNurtureSequenceActive(id: $id, active: false) { id } }`, { id: paused });
    contentSequence = await createSequence(crm, { name: 'Ebook', trigger: { kind: 'CONTENT_DOWNLOAD', ref: CONTENT }, steps });
  });
  afterAll(() => crm?.close());

  it('creates the lead with crm.lead.created caused by the event, logs the submission on it and enrols it in the matching active sequence only', async () => {
    const event = formSubmitted('new@visitor.test', { firstName: 'Nia', lastName: 'Vo', company: 'Vo Ltd' });
    await deliver(event);
    const [lead] = await crm.dataSource.query(`SELECT id, email, first_name, last_name, company, source, status FROM leads WHERE email = 'new@visitor.test'`);
    expect(lead).toMatchObject({ first_name: 'Nia', last_name: 'Vo', company: 'Vo Ltd', source: 'web_form', status: 'new' });
    const [created] = await crm.dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = 'crm.lead.created'`);
    expect(created.envelope).toMatchObject({
      subject: lead.id,
      causationId: event.id,
      correlationId: event.correlationId,
      data: { leadId: lead.id, email: 'new@visitor.test', source: 'web_form', company: 'Vo Ltd' },
    });
    expect(
      await crm.dataSource.query(`SELECT kind, subject, body, lead_id, contact_id, customer_id, source_event_id, actor, occurred_at FROM activities`),
    ).toEqual([
      {
        kind: 'form_submitted',
        subject: 'Submitted form "Contact us"',
        body: 'message: Call me\nphone: 123',
        lead_id: lead.id,
        contact_id: null,
        customer_id: null,
        source_event_id: event.id,
        actor: 'cms',
        occurred_at: new Date('2026-01-05T10:00:00.000Z'),
      },
    ]);
    expect(await crm.dataSource.query(`SELECT sequence_id, lead_id, contact_id, email FROM nurture_enrolments`)).toEqual([
      { sequence_id: formSequence, lead_id: lead.id, contact_id: null, email: 'new@visitor.test' },
    ]);
    // The scheduler then mails the lead with its own details.
    await eventually(async () => (await count(crm, `SELECT count(*) AS n FROM outbound_emails WHERE status = 'sent'`)) === 1, 'the first email');
    expect(await crm.dataSource.query(`SELECT recipient, subject, body FROM outbound_emails`)).toEqual([
      { recipient: 'new@visitor.test', subject: 'Thanks Nia', body: 'From Vo Ltd' },
    ]);

    // Redelivery of the same event changes nothing.
    const before = await snapshot();
    await deliver(event);
    expect(await snapshot()).toEqual(before);
  });

  it('updates the existing lead on a later submission: no second lead, event or enrolment, one more timeline entry', async () => {
    await deliver(formSubmitted('Twice@Visitor.test'));
    const [lead] = await crm.dataSource.query(`SELECT id FROM leads WHERE lower(email) = 'twice@visitor.test'`);
    const events = await count(crm, `SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = 'crm.lead.created'`);
    await deliver(formSubmitted('twice@visitor.test', { firstName: 'Tom', company: 'T Corp' }));
    expect(await crm.dataSource.query(`SELECT id, first_name, company FROM leads WHERE lower(email) = 'twice@visitor.test'`)).toEqual([
      { id: lead.id, first_name: 'Tom', company: 'T Corp' },
    ]);
    expect(await count(crm, `SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = 'crm.lead.created'`)).toBe(events);
    expect(await count(crm, `SELECT count(*) AS n FROM activities WHERE lead_id = $1`, [lead.id])).toBe(2);
    expect(await count(crm, `SELECT count(*) AS n FROM nurture_enrolments WHERE lead_id = $1`, [lead.id])).toBe(1);
  });

  it('logs a download on the contact with that email and its customer, and enrols the contact', async () => {
    const { contactId, customerId } = await insertContact(crm, { firstName: 'Cara', email: 'cara@known.test', company: 'Known Inc' });
    const event = createEnvelope(
      'cms',
      eventOf(contentDownloadedV1, CONTENT, {
        downloadId: randomUUID(),
        contentId: CONTENT,
        contentTitle: 'The ebook',
        email: 'CARA@known.test',
        firstName: 'Cara',
        lastName: null,
        company: null,
        anonymousId: null,
        downloadedAt: '2026-01-06T09:00:00.000Z',
      }),
    );
    await deliver(event);
    expect(await crm.dataSource.query(`SELECT source FROM leads WHERE lower(email) = 'cara@known.test'`)).toEqual([{ source: 'content_download' }]);
    expect(await crm.dataSource.query(`SELECT kind, subject, contact_id, customer_id, lead_id FROM activities WHERE source_event_id = $1`, [event.id])).toEqual(
      [{ kind: 'content_downloaded', subject: 'Downloaded "The ebook"', contact_id: contactId, customer_id: customerId, lead_id: null }],
    );
    expect(await crm.dataSource.query(`SELECT sequence_id, contact_id, lead_id, email FROM nurture_enrolments WHERE contact_id = $1`, [contactId])).toEqual([
      { sequence_id: contentSequence, contact_id: contactId, lead_id: null, email: 'cara@known.test' },
    ]);
    const before = await snapshot();
    await deliver(event);
    expect(await snapshot()).toEqual(before);
  });

  it('enrols nobody when no active sequence matches the form', async () => {
    const before = await count(crm, `SELECT count(*) AS n FROM nurture_enrolments`);
    await deliver(formSubmitted('nomatch@visitor.test', {}, randomUUID()));
    expect(await count(crm, `SELECT count(*) AS n FROM leads WHERE email = 'nomatch@visitor.test'`)).toBe(1);
    expect(await count(crm, `SELECT count(*) AS n FROM nurture_enrolments`)).toBe(before);
  });
});
