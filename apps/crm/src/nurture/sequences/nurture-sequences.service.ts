import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, conflict, decodeCursor, notFound, type Page, toPage } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ContactsService } from '../../contacts/contacts.service';
import { LeadsService } from '../../leads/leads.service';
import type { CreateNurtureSequenceInput, EnrolmentTargetInput } from './dto/create-nurture-sequence.input';
import { enrolIn } from './enrol';
import type {
  NurtureEnrolment,
  NurtureEnrolmentCounts,
  NurtureEnrolmentStatus,
  NurtureSequence,
  NurtureStep,
  NurtureStepRun,
  NurtureTriggerKind,
} from './nurture-sequence.model';
import { planSteps, triggerErrors } from './sequence-steps';

const SEQUENCE = `id, name, trigger_kind AS "triggerKind", trigger_ref AS "triggerRef", active, created_at AS "createdAt"`;
const ENROLMENT = `id, sequence_id AS "sequenceId", contact_id AS "contactId", lead_id AS "leadId", email, status,
  next_position AS "nextPosition", next_run_at AS "nextRunAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

interface SequenceRow {
  id: string;
  name: string;
  triggerKind: NurtureTriggerKind;
  triggerRef: string | null;
  active: boolean;
  createdAt: Date;
}

const toSequence = (row: SequenceRow): NurtureSequence => ({
  id: row.id,
  name: row.name,
  trigger: { kind: row.triggerKind, ref: row.triggerRef },
  active: row.active,
  createdAt: row.createdAt,
});

@Injectable()
export class NurtureSequencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
  ) {}

  /** The sequence and its steps commit together; every template must exist. */
  async create(input: CreateNurtureSequenceInput, actor?: Identity): Promise<NurtureSequence> {
    // Event ids arrive in lower case; a ref pasted in upper case must still match them.
    const ref = input.trigger.ref?.toLowerCase() || null;
    const { rows: steps, errors } = planSteps(input.steps);
    Object.assign(errors, triggerErrors(input.trigger.kind, ref));
    if (Object.keys(errors).length) {
      throw badUserInput(
        `Invalid sequence: ${Object.entries(errors)
          .map(([f, m]) => `${f}: ${m.join(', ')}`)
          .join('; ')}`,
        errors,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const templateIds = [...new Set(steps.filter((s) => s.templateId).map((s) => s.templateId as string))];
      const found: { id: string }[] = templateIds.length ? await manager.query(`SELECT id FROM email_templates WHERE id = ANY($1::uuid[])`, [templateIds]) : [];
      const missing = templateIds.find((id) => !found.some((f) => f.id === id));
      if (missing) throw notFound('EmailTemplate', missing);
      const rows: SequenceRow[] = await manager.query(
        `INSERT INTO nurture_sequences (id, name, trigger_kind, trigger_ref) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lower(name)) DO NOTHING RETURNING ${SEQUENCE}`,
        [randomUUID(), input.name, input.trigger.kind, ref],
      );
      if (!rows.length) {
        const [existing] = await manager.query(`SELECT id FROM nurture_sequences WHERE lower(name) = lower($1)`, [input.name]);
        throw conflict(`A nurture sequence named ${input.name} already exists (${existing.id})`, { existingId: existing.id });
      }
      const sequence = rows[0];
      await manager.query(
        `INSERT INTO nurture_steps (sequence_id, position, kind, template_id, wait_days, task_title, task_due_days, task_assignee_id)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::int[], $8::text[])`,
        [
          sequence.id,
          steps.map((s) => s.position),
          steps.map((s) => s.kind),
          steps.map((s) => s.templateId),
          steps.map((s) => s.waitDays),
          steps.map((s) => s.taskTitle),
          steps.map((s) => s.taskDueDays),
          steps.map((s) => s.taskAssigneeId),
        ],
      );
      await this.audit.record(manager, actor, 'createNurtureSequence', sequence.id, { name: sequence.name, trigger: input.trigger.kind, steps: steps.length });
      return toSequence(sequence);
    });
  }

  async setActive(id: string, active: boolean, actor?: Identity): Promise<NurtureSequence> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [SequenceRow[], number] = await manager.query(`UPDATE nurture_sequences SET active = $2 WHERE id = $1 RETURNING ${SEQUENCE}`, [id, active]);
      if (!rows.length) throw notFound('NurtureSequence', id);
      await this.audit.record(manager, actor, 'setNurtureSequenceActive', id, { active });
      return toSequence(rows[0]);
    });
  }

  async get(id: string): Promise<NurtureSequence> {
    const rows: SequenceRow[] = await this.dataSource.query(`SELECT ${SEQUENCE} FROM nurture_sequences WHERE id = $1`, [id]);
    if (!rows.length) throw notFound('NurtureSequence', id);
    return toSequence(rows[0]);
  }

  /** Oldest first on (created_at, id): nurture_sequences_created_at_id_idx. */
  async list(first: number, after?: string | null): Promise<Page<NurtureSequence>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows: SequenceRow[] = await this.dataSource.query(
      `SELECT ${SEQUENCE} FROM nurture_sequences
       WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
       ORDER BY created_at, id LIMIT $3`,
      [cursor?.at ?? null, cursor?.id ?? null, first + 1],
    );
    return toPage(rows.map(toSequence), first);
  }

  /** Steps of any number of sequences, in order, in one statement. */
  async stepsOf(sequenceIds: readonly string[]): Promise<Map<string, NurtureStep[]>> {
    const rows: (NurtureStep & { sequenceId: string })[] = await this.dataSource.query(
      `SELECT sequence_id AS "sequenceId", position, kind, template_id AS "templateId", wait_days AS days,
              task_title AS title, task_due_days AS "dueInDays", task_assignee_id AS "assigneeId"
       FROM nurture_steps WHERE sequence_id = ANY($1::uuid[]) ORDER BY sequence_id, position`,
      [sequenceIds],
    );
    const bySequence = new Map<string, NurtureStep[]>(sequenceIds.map((id) => [id, []]));
    for (const { sequenceId, ...step } of rows) bySequence.get(sequenceId)?.push(step);
    return bySequence;
  }

  async countsOf(sequenceIds: readonly string[]): Promise<Map<string, NurtureEnrolmentCounts>> {
    const rows: { sequenceId: string; active: number; completed: number; cancelled: number }[] = await this.dataSource.query(
      `SELECT sequence_id AS "sequenceId",
              count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
       FROM nurture_enrolments WHERE sequence_id = ANY($1::uuid[]) GROUP BY sequence_id`,
      [sequenceIds],
    );
    const counts = new Map(sequenceIds.map((id) => [id, { active: 0, completed: 0, cancelled: 0, total: 0 }]));
    for (const r of rows)
      counts.set(r.sequenceId, { active: r.active, completed: r.completed, cancelled: r.cancelled, total: r.active + r.completed + r.cancelled });
    return counts;
  }

  /** The steps each enrolment has run, in order, in one statement. */
  async runsOf(enrolmentIds: readonly string[]): Promise<Map<string, NurtureStepRun[]>> {
    const rows: (NurtureStepRun & { enrolmentId: string })[] = await this.dataSource.query(
      `SELECT r.enrolment_id AS "enrolmentId", r.position, s.kind, r.ran_at AS "ranAt"
       FROM nurture_step_runs r
       JOIN nurture_enrolments e ON e.id = r.enrolment_id
       JOIN nurture_steps s ON s.sequence_id = e.sequence_id AND s.position = r.position
       WHERE r.enrolment_id = ANY($1::uuid[]) ORDER BY r.enrolment_id, r.position`,
      [enrolmentIds],
    );
    const byEnrolment = new Map<string, NurtureStepRun[]>(enrolmentIds.map((id) => [id, []]));
    for (const { enrolmentId, ...run } of rows) byEnrolment.get(enrolmentId)?.push(run);
    return byEnrolment;
  }

  /**
   * Enrols a contact or lead once per sequence; CONFLICT (with the enrolment
   * id) when they already are. A merged contact's id enrols the survivor.
   */
  async enrol(sequenceId: string, target: EnrolmentTargetInput, actor?: Identity): Promise<NurtureEnrolment> {
    const contactId = target.contactId || null;
    const leadId = target.leadId || null;
    if (!contactId === !leadId) {
      throw badUserInput('Give exactly one of contactId and leadId', { [contactId ? 'leadId' : 'contactId']: ['give exactly one of contactId and leadId'] });
    }
    return this.dataSource.transaction(async (manager) => {
      // FOR SHARE: a sequence deactivated meanwhile waits for this enrolment, not the other way round.
      const [sequence]: { id: string; active: boolean }[] = await manager.query(`SELECT id, active FROM nurture_sequences WHERE id = $1 FOR SHARE`, [
        sequenceId,
      ]);
      if (!sequence) throw notFound('NurtureSequence', sequenceId);
      if (!sequence.active)
        throw conflict(`Nurture sequence ${sequenceId} is inactive: activate it with setNurtureSequenceActive first`, {
          reason: 'SEQUENCE_INACTIVE',
          sequenceId,
        });
      let person: { contactId: string | null; leadId: string | null; email: string | null };
      if (contactId) {
        // Held until the enrolment commits, so a merge cannot delete it under the new row's foreign key.
        const contact = await this.contacts.holdCurrentIn(manager, contactId);
        if (!contact) throw notFound('Contact', contactId);
        if (!contact.email)
          throw badUserInput(`Contact ${contactId} has no email address: add one before enrolling them`, { contactId: ['the contact has no email address'] });
        person = { contactId: contact.id, leadId: null, email: contact.email };
      } else {
        const lead = await this.leads.findIn(manager, leadId as string);
        if (!lead) throw notFound('Lead', leadId as string);
        person = { contactId: null, leadId: lead.id, email: lead.email };
      }
      const { enrolmentId, created } = await enrolIn(manager, sequence.id, { ...person, email: person.email as string });
      if (!created) {
        throw conflict(
          `${contactId ? `Contact ${contactId}` : `Lead ${leadId}`} is already enrolled in nurture sequence ${sequenceId} (enrolment ${enrolmentId})`,
          { enrolmentId },
        );
      }
      await this.audit.record(manager, actor, 'enrolInSequence', enrolmentId, { sequenceId, contactId: person.contactId, leadId: person.leadId });
      const [enrolment]: NurtureEnrolment[] = await manager.query(`SELECT ${ENROLMENT} FROM nurture_enrolments WHERE id = $1`, [enrolmentId]);
      return enrolment;
    });
  }

  /** Stops an active enrolment; cancelling a cancelled one changes nothing, a completed one is refused. */
  async cancel(id: string, actor?: Identity): Promise<NurtureEnrolment> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: NurtureEnrolment[] = await manager.query(`SELECT ${ENROLMENT} FROM nurture_enrolments WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('NurtureEnrolment', id);
      if (current.status === 'cancelled') return current;
      if (current.status === 'completed')
        throw conflict(`Enrolment ${id} has completed: there is nothing left to cancel`, { reason: 'ENROLMENT_COMPLETED', enrolmentId: id });
      const [[cancelled]]: [NurtureEnrolment[], number] = await manager.query(
        `UPDATE nurture_enrolments SET status = 'cancelled', next_run_at = NULL, updated_at = date_trunc('milliseconds', now()) WHERE id = $1 RETURNING ${ENROLMENT}`,
        [id],
      );
      // Mail its steps queued but the mailer has not sent yet is not sent any more.
      await manager.query(
        `UPDATE outbound_emails SET status = 'failed', last_error = 'enrolment cancelled before sending' WHERE enrolment_id = $1 AND status = 'pending'`,
        [id],
      );
      await this.audit.record(manager, actor, 'cancelEnrolment', id, {});
      return cancelled;
    });
  }

  /**
   * A merge: the enrolments of contacts `fromIds` move to `toId`, in the
   * caller's transaction. One in a sequence `toId` is already in would break
   * the one-enrolment-per-sequence rule: it goes, and the mail it sent stays
   * (detached) as history.
   */
  async reassignContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    const duplicates: { id: string }[] = await manager.query(
      `SELECT m.id FROM nurture_enrolments m
        WHERE m.contact_id = ANY($2::uuid[]) AND EXISTS (SELECT 1 FROM nurture_enrolments s WHERE s.contact_id = $1 AND s.sequence_id = m.sequence_id)`,
      [toId, fromIds],
    );
    if (duplicates.length) {
      const ids = duplicates.map((d) => d.id);
      await manager.query(`UPDATE outbound_emails SET enrolment_id = NULL WHERE enrolment_id = ANY($1::uuid[])`, [ids]);
      await manager.query(`DELETE FROM nurture_enrolments WHERE id = ANY($1::uuid[])`, [ids]);
    }
    await manager.query(`UPDATE nurture_enrolments SET contact_id = $1 WHERE contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  }

  /** Enrolments of one sequence, oldest first, optionally of one status: nurture_enrolments_sequence_*_idx. */
  async enrolments(
    sequenceId: string,
    status: NurtureEnrolmentStatus | null | undefined,
    first: number,
    after?: string | null,
  ): Promise<Page<NurtureEnrolment>> {
    await this.get(sequenceId);
    const cursor = after ? decodeCursor(after) : null;
    const rows: NurtureEnrolment[] = await this.dataSource.query(
      `SELECT ${ENROLMENT} FROM nurture_enrolments
       WHERE sequence_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY created_at, id LIMIT $5`,
      [sequenceId, status ?? null, cursor?.at ?? null, cursor?.id ?? null, first + 1],
    );
    return toPage(rows, first);
  }
}
