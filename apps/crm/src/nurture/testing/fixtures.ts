import { randomUUID } from 'node:crypto';
import type { TestSubgraph } from '@platform/service-testing';

const CREATE_TEMPLATE = `mutation($input: CreateEmailTemplateInput!) { createEmailTemplate(input: $input) { id name subject body } }`;
const CREATE_SEQUENCE = `mutation($input: CreateNurtureSequenceInput!) { createNurtureSequence(input: $input) { id name active trigger { kind ref } steps { position kind templateId days title dueInDays assigneeId } } }`;
export const ENROL = `mutation($sequenceId: ID!, $target: EnrolmentTargetInput!) { enrolInSequence(sequenceId: $sequenceId, target: $target) { id sequenceId contactId leadId email status nextPosition nextRunAt } }`;

export async function createTemplate(crm: TestSubgraph, input: { name: string; subject: string; body: string }): Promise<string> {
  const result = await crm.request<{ createEmailTemplate: { id: string } }>(CREATE_TEMPLATE, { input });
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createEmailTemplate.id;
}

export async function createSequence(crm: TestSubgraph, input: Record<string, unknown>): Promise<string> {
  const result = await crm.request<{ createNurtureSequence: { id: string } }>(CREATE_SEQUENCE, { input });
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.createNurtureSequence.id;
}

export async function enrol(crm: TestSubgraph, sequenceId: string, target: { contactId?: string; leadId?: string }): Promise<string> {
  const result = await crm.request<{ enrolInSequence: { id: string } }>(ENROL, { sequenceId, target });
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.enrolInSequence.id;
}

/** Customers and contacts belong to other areas: rows written directly. */
export async function insertContact(
  crm: TestSubgraph,
  contact: { firstName: string; lastName?: string; email: string | null; company?: string },
): Promise<{ contactId: string; customerId: string | null }> {
  let customerId: string | null = null;
  if (contact.company) {
    customerId = randomUUID();
    await crm.dataSource.query(`INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)`, [customerId, contact.company, `${customerId}@customers.test`]);
  }
  const contactId = randomUUID();
  await crm.dataSource.query(`INSERT INTO contacts (id, customer_id, first_name, last_name, email) VALUES ($1, $2, $3, $4, $5)`, [
    contactId,
    customerId,
    contact.firstName,
    contact.lastName ?? '',
    contact.email,
  ]);
  return { contactId, customerId };
}

export const count = async (crm: TestSubgraph, sql: string, params: unknown[] = []) => Number((await crm.dataSource.query(sql, params))[0].n);
