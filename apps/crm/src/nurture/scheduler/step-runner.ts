import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContactsService } from '../../contacts/contacts.service';
import type { CustomersService } from '../../customers/customers.service';
import type { LeadsService } from '../../leads/leads.service';
import type { TasksService } from '../../tasks/tasks.service';
import { OUTBOUND_EMAILS_CHANNEL } from '../polling-loop';
import type { StepKind } from '../sequences/sequence-steps';
import { renderTemplate } from '../templates/template-render';
import { nextStepAttemptDelay } from './step-retry';

const logger = new Logger('nurture-scheduler');

/** The operations of the areas a step reaches: the person (contact or lead), their customer, their tasks. */
export interface StepAreas {
  contacts: ContactsService;
  leads: LeadsService;
  customers: CustomersService;
  tasks: TasksService;
}

interface DueEnrolment {
  id: string;
  sequenceId: string;
  sequenceName: string;
  contactId: string | null;
  leadId: string | null;
  email: string;
  nextPosition: number;
  stepFailures: number;
}

interface StepRow {
  kind: StepKind;
  templateId: string | null;
  waitDays: number | null;
  taskTitle: string | null;
  taskDueDays: number | null;
  taskAssigneeId: string | null;
}

/**
 * Runs the next step of one due enrolment, in one transaction: claim the
 * enrolment (SKIP LOCKED, so replicas take different rows), record the run
 * (its primary key refuses a second run of the same step), do the step,
 * advance. Returns false when nothing is due. A step that is not a wait
 * leaves the enrolment due, so the following step runs straight after.
 */
export async function runDueStep(dataSource: DataSource, areas: StepAreas): Promise<boolean> {
  // Idle polls cost one indexed statement, not a transaction of three.
  const [{ due }]: { due: boolean }[] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM nurture_enrolments WHERE status = 'active' AND next_run_at <= now()) AS due`,
  );
  if (!due) return false;
  return dataSource.transaction(async (manager) => {
    const [enrolment]: DueEnrolment[] = await manager.query(
      `SELECT e.id, e.sequence_id AS "sequenceId", s.name AS "sequenceName", e.contact_id AS "contactId", e.lead_id AS "leadId",
              e.email, e.next_position AS "nextPosition", e.step_failures AS "stepFailures"
       FROM nurture_enrolments e JOIN nurture_sequences s ON s.id = e.sequence_id
       WHERE e.status = 'active' AND e.next_run_at <= now()
       ORDER BY e.next_run_at LIMIT 1
       FOR UPDATE OF e SKIP LOCKED`,
    );
    if (!enrolment) return false;
    // A step that fails (a bug, a constraint) must not hold the queue: its
    // work is undone to the savepoint and the enrolment retried later.
    await manager.query('SAVEPOINT nurture_step');
    try {
      await advance(manager, areas, enrolment);
    } catch (err) {
      await manager.query('ROLLBACK TO SAVEPOINT nurture_step');
      const failures = enrolment.stepFailures + 1;
      const delay = nextStepAttemptDelay(failures);
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      await manager.query(
        `UPDATE nurture_enrolments SET step_failures = $2, last_error = $3,
           status = CASE WHEN $4::int IS NULL THEN 'cancelled' ELSE status END,
           next_run_at = CASE WHEN $4::int IS NULL THEN NULL ELSE now() + make_interval(secs => $4::int / 1000.0) END,
           updated_at = date_trunc('milliseconds', now())
         WHERE id = $1`,
        [enrolment.id, failures, error, delay],
      );
      const outcome = delay === null ? `given up after ${failures} failures` : `failure ${failures}, retried in ${Math.round(delay / 60_000)} minutes`;
      logger.error(`enrolment ${enrolment.id} step ${enrolment.nextPosition} failed (${outcome}): ${error}`);
    }
    return true;
  });
}

async function advance(manager: EntityManager, areas: StepAreas, enrolment: DueEnrolment): Promise<void> {
  const [step]: StepRow[] = await manager.query(
    `SELECT kind, template_id AS "templateId", wait_days AS "waitDays", task_title AS "taskTitle",
            task_due_days AS "taskDueDays", task_assignee_id AS "taskAssigneeId"
     FROM nurture_steps WHERE sequence_id = $1 AND position = $2`,
    [enrolment.sequenceId, enrolment.nextPosition],
  );
  if (!step) {
    await manager.query(
      `UPDATE nurture_enrolments SET status = 'completed', next_run_at = NULL, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
      [enrolment.id],
    );
    return;
  }
  const recipient = await currentRecipient(manager, areas, enrolment);
  if (recipient === 'busy') {
    // A merge or conversion holds the person: retry once it commits, rather than wait on it while holding the enrolment it is about to move.
    await manager.query(`UPDATE nurture_enrolments SET next_run_at = now() + interval '5 seconds' WHERE id = $1`, [enrolment.id]);
    return;
  }
  if (recipient === 'enrolled') {
    await cancel(manager, enrolment, 'the converted contact is already enrolled in this sequence');
    return;
  }
  if (step.kind === 'send_email') {
    // Permanent failures: retrying cannot help, so the enrolment stops instead of failing every few minutes for ever.
    if (!recipient) {
      await cancel(manager, enrolment, 'the person has no email address any more');
      return;
    }
    const [template] = await manager.query(`SELECT 1 FROM email_templates WHERE id = $1`, [step.templateId]);
    if (!template) {
      await cancel(manager, enrolment, `email template ${step.templateId} no longer exists`);
      return;
    }
  }
  const fresh: unknown[] = await manager.query(`INSERT INTO nurture_step_runs (enrolment_id, position) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [
    enrolment.id,
    enrolment.nextPosition,
  ]);
  // A run already recorded means the step's effects committed with it: advance without repeating them.
  if (fresh.length) await perform(manager, areas, enrolment, step);
  const waitDays = step.kind === 'wait' ? (step.waitDays ?? 0) : 0;
  const [{ last }]: { last: boolean }[] = await manager.query(
    `SELECT NOT EXISTS (SELECT 1 FROM nurture_steps WHERE sequence_id = $1 AND position > $2) AS last`,
    [enrolment.sequenceId, enrolment.nextPosition],
  );
  if (last && waitDays === 0) {
    await manager.query(
      `UPDATE nurture_enrolments SET next_position = next_position + 1, step_failures = 0, last_error = NULL, status = 'completed', next_run_at = NULL, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
      [enrolment.id],
    );
  } else {
    await manager.query(
      `UPDATE nurture_enrolments SET next_position = next_position + 1, step_failures = 0, last_error = NULL, next_run_at = now() + make_interval(days => $2), updated_at = date_trunc('milliseconds', now()) WHERE id = $1`,
      [enrolment.id, waitDays],
    );
  }
}

async function perform(manager: EntityManager, areas: StepAreas, enrolment: DueEnrolment, step: StepRow): Promise<void> {
  if (step.kind === 'send_email') {
    const [template]: { subject: string; body: string }[] = await manager.query(`SELECT subject, body FROM email_templates WHERE id = $1`, [step.templateId]);
    const values = await personValues(manager, areas, enrolment);
    await manager.query(
      `INSERT INTO outbound_emails (id, enrolment_id, position, recipient, subject, body) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (enrolment_id, position) DO NOTHING`,
      [randomUUID(), enrolment.id, enrolment.nextPosition, enrolment.email, renderTemplate(template.subject, values), renderTemplate(template.body, values)],
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOUND_EMAILS_CHANNEL]);
  } else if (step.kind === 'create_task') {
    if (!step.taskTitle) throw new Error(`step ${enrolment.nextPosition} creates a task without a title`);
    // The task links the person and, for a contact, their customer. Without an assignee of its
    // own it goes to the person's owner, so it reaches someone's myTasks.
    const contact = enrolment.contactId ? await areas.contacts.findIn(manager, enrolment.contactId) : undefined;
    const leadId = enrolment.contactId ? null : enrolment.leadId;
    const lead = leadId ? await areas.leads.findIn(manager, leadId) : undefined;
    await areas.tasks.createIn(manager, {
      title: step.taskTitle,
      description: `From nurture sequence "${enrolment.sequenceName}", step ${enrolment.nextPosition + 1}, for ${enrolment.email}`,
      assigneeId: step.taskAssigneeId ?? contact?.ownerId ?? lead?.ownerId ?? null,
      dueInDays: step.taskDueDays ?? 0,
      links: { customerId: contact?.customerId ?? null, contactId: enrolment.contactId, dealId: null, leadId },
    });
  }
}

/**
 * Who the enrolment reaches now, updating it in place: a lead converted
 * since enrolment continues as its contact (so mail, tasks and timeline
 * entries land on the customer), and the address is the person's current
 * one (an edit, or a merge that moved the enrolment, changes it). Returns
 * the address (null when the person has none), 'enrolled' when the
 * converted contact already has its own enrolment, or 'busy' when a merge
 * or conversion holds the person's row.
 */
async function currentRecipient(manager: EntityManager, areas: StepAreas, enrolment: DueEnrolment): Promise<string | null | 'busy' | 'enrolled'> {
  if (!enrolment.contactId && enrolment.leadId) {
    const lead = await areas.leads.holdIn(manager, enrolment.leadId);
    if (!lead) return 'busy';
    if (!lead.convertedContactId) return refreshEmail(manager, enrolment, lead.email);
    const [taken] = await manager.query(`SELECT 1 FROM nurture_enrolments WHERE sequence_id = $1 AND contact_id = $2 AND id <> $3`, [
      enrolment.sequenceId,
      lead.convertedContactId,
      enrolment.id,
    ]);
    if (taken) return 'enrolled';
    enrolment.contactId = lead.convertedContactId;
    enrolment.leadId = null;
    await manager.query(`UPDATE nurture_enrolments SET contact_id = $2, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`, [
      enrolment.id,
      enrolment.contactId,
    ]);
  }
  const contact = enrolment.contactId ? await areas.contacts.holdIn(manager, enrolment.contactId) : undefined;
  if (!contact) return 'busy';
  return refreshEmail(manager, enrolment, contact.email);
}

async function refreshEmail(manager: EntityManager, enrolment: DueEnrolment, email: string | null): Promise<string | null> {
  if (email && email !== enrolment.email) {
    await manager.query(`UPDATE nurture_enrolments SET email = $2, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`, [enrolment.id, email]);
    enrolment.email = email;
  }
  return email || null;
}

async function cancel(manager: EntityManager, enrolment: DueEnrolment, reason: string): Promise<void> {
  await manager.query(`UPDATE nurture_enrolments SET status = 'cancelled', next_run_at = NULL, updated_at = date_trunc('milliseconds', now()) WHERE id = $1`, [
    enrolment.id,
  ]);
  logger.warn(`enrolment ${enrolment.id} cancelled at step ${enrolment.nextPosition}: ${reason}`);
}

/** The placeholder values of the enrolled contact (company: their customer) or lead. */
async function personValues(manager: EntityManager, areas: StepAreas, enrolment: DueEnrolment) {
  let row: { firstName: string; lastName: string; company: string | null } | undefined;
  if (enrolment.contactId) {
    const contact = await areas.contacts.findIn(manager, enrolment.contactId);
    const customer = contact?.customerId ? await areas.customers.findIn(manager, contact.customerId) : undefined;
    row = contact && { firstName: contact.firstName, lastName: contact.lastName, company: customer?.name ?? null };
  } else if (enrolment.leadId) {
    row = await areas.leads.findIn(manager, enrolment.leadId);
  }
  return { firstName: row?.firstName ?? '', lastName: row?.lastName ?? '', company: row?.company ?? '', email: enrolment.email };
}
