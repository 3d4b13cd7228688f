import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';

/** Records an authorisation check works on, created by an admin. */
export interface CrmFixtures {
  customerId: string;
  contactId: string;
  leadId: string;
  dealId: string;
  quoteId: string;
  taskId: string;
  ticketId: string;
  templateId: string;
  sequenceId: string;
  pipelineId: string;
}

const SALES_PIPELINE = '00000000-0000-4000-8000-000000000001';
const PROPOSAL_STAGE = '00000000-0000-4000-8000-000000000103';
const PRODUCT = '11111111-1111-4111-8111-111111111111';
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const email = (prefix: string) => `${prefix}-${randomUUID()}@example.test`;

type Ids<K extends string> = Record<K, { id: string }>;

/** The admin's fixtures for the CRM rows of the authorisation matrix. */
export async function createCrmFixtures(admin: GraphQLClient, customerId: string): Promise<CrmFixtures> {
  const { createContact } = await admin.request<Ids<'createContact'>>(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, {
    i: { firstName: 'Matrix', email: email('matrix-contact'), customerId },
  });
  const { createLead } = await admin.request<Ids<'createLead'>>(`mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`, {
    i: { email: email('matrix-lead') },
  });
  const dealId = await openDeal(admin, customerId);
  const { createQuote } = await admin.request<Ids<'createQuote'>>(
    `mutation($d: ID!) { createQuote(input: { dealId: $d, lines: [{ productId: "${PRODUCT}", quantity: 1, unitPrice: { amount: "1.00", currency: "EUR" } }] }) { id } }`,
    { d: dealId },
  );
  const { createTask } = await admin.request<Ids<'createTask'>>(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
    i: { title: 'Matrix', customerId },
  });
  const ticketId = await openTicket(admin, customerId);
  const { createEmailTemplate } = await admin.request<Ids<'createEmailTemplate'>>(
    `mutation($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { id } }`,
    { i: { name: `Matrix ${randomUUID()}`, subject: 'Hi {{firstName}}', body: 'Hello' } },
  );
  const { createNurtureSequence } = await admin.request<Ids<'createNurtureSequence'>>(
    `mutation($i: CreateNurtureSequenceInput!) { createNurtureSequence(input: $i) { id } }`,
    { i: { name: `Matrix ${randomUUID()}`, trigger: { kind: 'MANUAL' }, steps: [{ kind: 'WAIT', days: 30 }] } },
  );
  const { createPipeline } = await admin.request<Ids<'createPipeline'>>(`mutation($i: CreatePipelineInput!) { createPipeline(input: $i) { id } }`, {
    i: {
      name: `Matrix ${randomUUID()}`,
      stages: [
        { name: 'One', probability: 10 },
        { name: 'Two', probability: 50 },
      ],
    },
  });
  return {
    customerId,
    contactId: createContact.id,
    leadId: createLead.id,
    dealId,
    quoteId: createQuote.id,
    taskId: createTask.id,
    ticketId,
    templateId: createEmailTemplate.id,
    sequenceId: createNurtureSequence.id,
    pipelineId: createPipeline.id,
  };
}

async function openDeal(admin: GraphQLClient, customerId: string): Promise<string> {
  const { createDeal } = await admin.request<Ids<'createDeal'>>(
    `mutation($c: ID!, $a: MoneyInput!) { createDeal(input: { name: "Matrix", customerId: $c, amount: $a }) { id } }`,
    {
      c: customerId,
      a: eur('10.00'),
    },
  );
  return createDeal.id;
}

async function openTicket(admin: GraphQLClient, customerId: string): Promise<string> {
  const { openTicket } = await admin.request<Ids<'openTicket'>>(`mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }`, {
    i: { subject: 'Matrix', customerId },
  });
  return openTicket.id;
}

async function newContact(admin: GraphQLClient): Promise<string> {
  const { createContact } = await admin.request<Ids<'createContact'>>(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, {
    i: { firstName: 'Matrix', email: email('matrix-new') },
  });
  return createContact.id;
}

async function draftQuote(admin: GraphQLClient, dealId: string): Promise<string> {
  const { createQuote } = await admin.request<Ids<'createQuote'>>(
    `mutation($d: ID!) { createQuote(input: { dealId: $d, lines: [{ productId: "${PRODUCT}", quantity: 2, unitPrice: { amount: "5.00", currency: "EUR" } }] }) { id } }`,
    { d: dealId },
  );
  return createQuote.id;
}

/**
 * One operation per CRM row of the matrix. Each runs as the role's client;
 * one that would change a record for good first has the admin make a fresh one.
 */
export function crmOperations(admin: GraphQLClient, fixtures: () => CrmFixtures): Record<string, (client: GraphQLClient) => Promise<unknown>> {
  const f = fixtures;
  const line = `{ productId: "${PRODUCT}", quantity: 1, unitPrice: { amount: "1.00", currency: "EUR" } }`;
  return {
    'Mutation.updateCustomer': (c) =>
      c.request(`mutation($id: ID!) { updateCustomer(id: $id, input: { phone: "+1 555 0100" }) { id } }`, { id: f().customerId }),
    'Customer.contacts': (c) => c.request(`query($id: ID!) { customer(id: $id) { contacts(first: 1) { nodes { id } } } }`, { id: f().customerId }),
    'Customer.deals': (c) => c.request(`query($id: ID!) { customer(id: $id) { deals(first: 1) { nodes { id } } } }`, { id: f().customerId }),
    'Customer.timeline': (c) => c.request(`query($id: ID!) { customer(id: $id) { timeline(first: 1) { nodes { id } } } }`, { id: f().customerId }),
    'Customer.tickets': (c) => c.request(`query($id: ID!) { customer(id: $id) { tickets(first: 1) { nodes { id } } } }`, { id: f().customerId }),

    'Query.contact': (c) => c.request(`query($id: ID!) { contact(id: $id) { id firstName } }`, { id: f().contactId }),
    'Query.contacts': (c) => c.request(`{ contacts(first: 1) { nodes { id } } }`),
    'Contact.email': (c) => c.request(`query($id: ID!) { contact(id: $id) { email } }`, { id: f().contactId }),
    'Mutation.createContact': (c) =>
      c.request(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, { i: { firstName: 'M', email: email('m') } }),
    'Mutation.updateContact': (c) => c.request(`mutation($id: ID!) { updateContact(id: $id, input: { title: "Buyer" }) { id } }`, { id: f().contactId }),
    'Mutation.mergeContacts': async (c) => {
      const [s, m] = [await newContact(admin), await newContact(admin)];
      return c.request(`mutation($s: ID!, $m: ID!) { mergeContacts(survivorId: $s, mergedId: $m) { id } }`, { s, m });
    },

    'Query.lead': (c) => c.request(`query($id: ID!) { lead(id: $id) { id status } }`, { id: f().leadId }),
    'Query.leads': (c) => c.request(`{ leads(first: 1) { nodes { id } } }`),
    'Lead.email': (c) => c.request(`query($id: ID!) { lead(id: $id) { email } }`, { id: f().leadId }),
    'Mutation.createLead': (c) => c.request(`mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`, { i: { email: email('l') } }),
    'Mutation.updateLead': (c) => c.request(`mutation($id: ID!) { updateLead(id: $id, input: { status: CONTACTED }) { id } }`, { id: f().leadId }),
    'Mutation.convertLead': async (c) => {
      const { createLead } = await admin.request<{ createLead: { id: string } }>(`mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`, {
        i: { email: email('cv') },
      });
      return c.request(`mutation($id: ID!) { convertLead(id: $id) { dealId } }`, { id: createLead.id });
    },

    'Query.pipelines': (c) => c.request(`{ pipelines(first: 1) { nodes { id } } }`),
    'Query.pipeline': (c) => c.request(`query($id: ID!) { pipeline(id: $id) { id stages { id } } }`, { id: SALES_PIPELINE }),
    'Mutation.createPipeline': (c) =>
      c.request(`mutation($n: String!) { createPipeline(input: { name: $n, stages: [{ name: "Only", probability: 10 }] }) { id } }`, {
        n: `P ${randomUUID()}`,
      }),
    'Mutation.addPipelineStage': (c) =>
      c.request(`mutation($p: ID!, $n: String!) { addPipelineStage(pipelineId: $p, name: $n, probability: 5) { id } }`, {
        p: f().pipelineId,
        n: `S ${randomUUID().slice(0, 8)}`,
      }),
    'Mutation.reorderPipelineStages': async (c) => {
      const { pipeline } = await admin.request<{ pipeline: { stages: { id: string }[] } }>(`query($id: ID!) { pipeline(id: $id) { stages { id } } }`, {
        id: f().pipelineId,
      });
      return c.request(`mutation($p: ID!, $ids: [ID!]!) { reorderPipelineStages(pipelineId: $p, stageIds: $ids) { id } }`, {
        p: f().pipelineId,
        ids: pipeline.stages.map((s) => s.id),
      });
    },

    'Query.deal': (c) =>
      c.request(`query($id: ID!) { deal(id: $id) { id amount { amount } lineItems { id } stageHistory { toStageId } } }`, { id: f().dealId }),
    'Query.deals': (c) => c.request(`{ deals(first: 1) { nodes { id } } }`),
    'Mutation.createDeal': (c) =>
      c.request(`mutation($c: ID!) { createDeal(input: { name: "M", customerId: $c, amount: { amount: "10.00", currency: "EUR" } }) { id } }`, {
        c: f().customerId,
      }),
    'Mutation.updateDeal': (c) => c.request(`mutation($id: ID!) { updateDeal(id: $id, input: { name: "Renamed" }) { id } }`, { id: f().dealId }),
    'Mutation.setDealLineItems': (c) => c.request(`mutation($d: ID!) { setDealLineItems(dealId: $d, lineItems: [${line}]) { id } }`, { d: f().dealId }),
    'Mutation.moveDealStage': async (c) =>
      c.request(`mutation($d: ID!, $s: ID!) { moveDealStage(dealId: $d, stageId: $s) { id } }`, {
        d: await openDeal(admin, f().customerId),
        s: PROPOSAL_STAGE,
      }),
    'Mutation.winDeal': async (c) =>
      c.request(`mutation($d: ID!) { winDeal(dealId: $d, reason: "Signed") { id } }`, { d: await openDeal(admin, f().customerId) }),
    'Mutation.loseDeal': async (c) =>
      c.request(`mutation($d: ID!) { loseDeal(dealId: $d, reason: "Budget") { id } }`, { d: await openDeal(admin, f().customerId) }),

    'Query.quote': (c) => c.request(`query($id: ID!) { quote(id: $id) { id lines { availability { status } } } }`, { id: f().quoteId }),
    'Query.quotes': (c) => c.request(`{ quotes(first: 1) { nodes { id } } }`),
    'Mutation.createQuote': (c) => c.request(`mutation($d: ID!) { createQuote(input: { dealId: $d, lines: [${line}] }) { id } }`, { d: f().dealId }),
    'Mutation.sendQuote': async (c) => c.request(`mutation($id: ID!) { sendQuote(id: $id) { id } }`, { id: await draftQuote(admin, f().dealId) }),
    'Mutation.acceptQuote': async (c) => {
      const id = await draftQuote(admin, f().dealId);
      await admin.request(`mutation($id: ID!) { sendQuote(id: $id) { id } }`, { id });
      return c.request(`mutation($id: ID!) { acceptQuote(id: $id) { id } }`, { id });
    },
    'Mutation.rejectQuote': async (c) => c.request(`mutation($id: ID!) { rejectQuote(id: $id) { id } }`, { id: await draftQuote(admin, f().dealId) }),

    'Query.timeline': (c) =>
      c.request(`query($s: TimelineSubjectInput!) { timeline(subject: $s, first: 5) { nodes { id } } }`, { s: { customerId: f().customerId } }),
    'Mutation.logActivity': (c) =>
      c.request(`mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }`, { i: { kind: 'NOTE', subject: 'Matrix', customerId: f().customerId } }),

    'Query.task': (c) => c.request(`query($id: ID!) { task(id: $id) { id overdue } }`, { id: f().taskId }),
    'Query.tasks': (c) => c.request(`{ tasks(first: 1) { nodes { id } } }`),
    'Query.myTasks': (c) => c.request(`{ myTasks(first: 1) { nodes { id } } }`),
    'Mutation.createTask': (c) =>
      c.request(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, { i: { title: 'M', customerId: f().customerId } }),
    'Mutation.updateTask': (c) => c.request(`mutation($id: ID!) { updateTask(id: $id, input: { title: "Renamed" }) { id } }`, { id: f().taskId }),

    'Query.ticket': (c) => c.request(`query($id: ID!) { ticket(id: $id) { id status } }`, { id: f().ticketId }),
    'Query.tickets': (c) => c.request(`{ tickets(first: 1) { nodes { id } } }`),
    'Mutation.openTicket': (c) =>
      c.request(`mutation($i: OpenTicketInput!) { openTicket(input: $i) { id } }`, { i: { subject: 'M', customerId: f().customerId } }),
    'Mutation.respondToTicket': (c) => c.request(`mutation($id: ID!) { respondToTicket(id: $id, message: "Hello") { id } }`, { id: f().ticketId }),
    'Mutation.updateTicket': (c) => c.request(`mutation($id: ID!) { updateTicket(id: $id, input: { priority: HIGH }) { id } }`, { id: f().ticketId }),
    'Mutation.setTicketStatus': async (c) =>
      c.request(`mutation($id: ID!) { setTicketStatus(id: $id, status: PENDING) { id } }`, { id: await openTicket(admin, f().customerId) }),

    'Query.emailTemplates': (c) => c.request(`{ emailTemplates(first: 1) { nodes { id } } }`),
    'Query.nurtureSequences': (c) => c.request(`{ nurtureSequences(first: 1) { nodes { id steps { kind } enrolmentCounts { total } } } }`),
    'Query.nurtureSequence': (c) => c.request(`query($id: ID!) { nurtureSequence(id: $id) { id } }`, { id: f().sequenceId }),
    'Query.enrolments': (c) => c.request(`query($s: ID!) { enrolments(sequenceId: $s, first: 1) { nodes { id nextStep { kind } } } }`, { s: f().sequenceId }),
    'Mutation.createEmailTemplate': (c) =>
      c.request(`mutation($n: String!) { createEmailTemplate(input: { name: $n, subject: "Hi {{firstName}}", body: "Hello" }) { id } }`, {
        n: `T ${randomUUID()}`,
      }),
    'Mutation.createNurtureSequence': (c) =>
      c.request(
        `mutation($n: String!, $t: ID!) { createNurtureSequence(input: { name: $n, trigger: { kind: MANUAL }, steps: [{ kind: SEND_EMAIL, templateId: $t }] }) { id } }`,
        {
          n: `S ${randomUUID()}`,
          t: f().templateId,
        },
      ),
    'Mutation.setNurtureSequenceActive': (c) =>
      c.request(`mutation($id: ID!) { setNurtureSequenceActive(id: $id, active: true) { id } }`, { id: f().sequenceId }),
    'Mutation.enrolInSequence': async (c) =>
      c.request(`mutation($s: ID!, $c: ID!) { enrolInSequence(sequenceId: $s, target: { contactId: $c }) { id } }`, {
        s: f().sequenceId,
        c: await newContact(admin),
      }),
    'Mutation.cancelEnrolment': async (c) => {
      const { enrolInSequence } = await admin.request<{ enrolInSequence: { id: string } }>(
        `mutation($s: ID!, $c: ID!) { enrolInSequence(sequenceId: $s, target: { contactId: $c }) { id } }`,
        { s: f().sequenceId, c: await newContact(admin) },
      );
      return c.request(`mutation($id: ID!) { cancelEnrolment(id: $id) { id } }`, { id: enrolInSequence.id });
    },

    'Query.pipelineForecast': (c) => c.request(`{ pipelineForecast { month currency openDeals } }`),
    'Query.stageConversion': (c) => c.request(`{ stageConversion { reached advanced } }`),
    'Query.winRate': (c) => c.request(`{ winRate { won lost rate } }`),
    'Query.supportReport': (c) => c.request(`{ supportReport { resolvedCount } }`),
  };
}
