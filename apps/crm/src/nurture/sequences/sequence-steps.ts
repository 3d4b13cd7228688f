import { isUuid } from '@platform/graphql';

/** Kinds as stored (nurture_steps.kind) and as GraphQL names them. */
export type StepKind = 'send_email' | 'wait' | 'create_task';
export type TriggerKind = 'manual' | 'content_download' | 'form_submission';

export const MAX_STEPS = 50;
export const MAX_DAYS = 365;

export interface StepInput {
  kind: StepKind;
  templateId?: string | null;
  days?: number | null;
  title?: string | null;
  dueInDays?: number | null;
  assigneeId?: string | null;
}

/** A step as nurture_steps holds it. */
export interface StepRow {
  position: number;
  kind: StepKind;
  templateId: string | null;
  waitDays: number | null;
  taskTitle: string | null;
  taskDueDays: number | null;
  taskAssigneeId: string | null;
}

const isDays = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DAYS;

/**
 * Checks a sequence's steps and turns them into rows. Each step takes only the
 * fields of its kind, so a stray field (a WAIT with a templateId) is a mistake
 * the caller hears about. Errors are keyed like `steps.2.templateId`.
 */
export function planSteps(steps: StepInput[]): { rows: StepRow[]; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (steps.length < 1 || steps.length > MAX_STEPS) fail('steps', `a sequence has 1 to ${MAX_STEPS} steps, not ${steps.length}`);
  const rows = steps.map((step, position): StepRow => {
    const at = `steps.${position}`;
    const stray = (fields: (keyof StepInput)[]) => {
      for (const field of fields)
        if (step[field] !== undefined && step[field] !== null) fail(`${at}.${field}`, `${field} does not apply to a ${step.kind.toUpperCase()} step`);
    };
    const row: StepRow = { position, kind: step.kind, templateId: null, waitDays: null, taskTitle: null, taskDueDays: null, taskAssigneeId: null };
    if (step.kind === 'send_email') {
      // A uuid when given: NurtureStepInput's rule.
      if (!step.templateId) fail(`${at}.templateId`, 'a SEND_EMAIL step needs the id of an email template');
      stray(['days', 'title', 'dueInDays', 'assigneeId']);
      row.templateId = step.templateId ?? null;
    } else if (step.kind === 'wait') {
      if (!isDays(step.days)) fail(`${at}.days`, `a WAIT step needs days, a whole number from 0 to ${MAX_DAYS}`);
      stray(['templateId', 'title', 'dueInDays', 'assigneeId']);
      row.waitDays = step.days ?? null;
    } else if (step.kind === 'create_task') {
      const title = step.title?.trim() ?? '';
      if (title.length < 1 || title.length > 300) fail(`${at}.title`, 'a CREATE_TASK step needs a title of 1 to 300 characters');
      const due = step.dueInDays ?? 0;
      if (!isDays(due)) fail(`${at}.dueInDays`, `dueInDays must be a whole number from 0 to ${MAX_DAYS}`);
      const assignee = step.assigneeId?.trim() || null;
      if (assignee && assignee.length > 200) fail(`${at}.assigneeId`, 'assigneeId must be at most 200 characters');
      stray(['templateId', 'days']);
      Object.assign(row, { taskTitle: title, taskDueDays: due, taskAssigneeId: assignee });
    } else {
      fail(`${at}.kind`, 'kind must be SEND_EMAIL, WAIT or CREATE_TASK');
    }
    return row;
  });
  return { rows, errors };
}

/** A trigger's ref: none for MANUAL, the content or form id (a uuid) otherwise. */
export function triggerErrors(kind: TriggerKind, ref: string | null | undefined): Record<string, string[]> {
  if (kind === 'manual') return ref ? { 'trigger.ref': ['a MANUAL trigger takes no ref'] } : {};
  return isUuid(ref)
    ? {}
    : { 'trigger.ref': [`a ${kind.toUpperCase()} trigger needs ref: the ${kind === 'content_download' ? 'content' : 'form'} id (a uuid)`] };
}
