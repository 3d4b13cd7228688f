import { z } from 'zod';

/** What a custom field of a form takes. */
export enum FormFieldKind {
  TEXT = 'TEXT',
  TEXTAREA = 'TEXTAREA',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  CHECKBOX = 'CHECKBOX',
  SELECT = 'SELECT',
}

export interface FormField {
  name: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  /** SELECT: the allowed values. */
  options: string[] | null;
}

export interface FormDefinition {
  fields: readonly FormField[];
  consentVersion: string;
}

/** The field bots fill in and people never see: a submission that fills it is dropped without a word. */
export const HONEYPOT = 'website';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+?[0-9 ()./-]{5,30}$/;

export const isEmail = (value: string) => value.length <= 254 && EMAIL.test(value);

const optionalText = (max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .transform((s) => s.trim() || null)
    .nullish()
    .transform((s) => s ?? null);

const body = z.object({
  email: z.string({ error: 'is required' }).trim(),
  firstName: optionalText(100),
  lastName: optionalText(100),
  company: optionalText(200),
  anonymousId: optionalText(200),
  fields: z.record(z.string().max(64), z.union([z.string().max(5000, { error: 'must be at most 5000 characters' }), z.boolean()])).default({}),
  consent: z.boolean({ error: 'must be true: the visitor agrees to the consent text' }),
  consentVersion: z.string({ error: 'is required: the version of the consent text shown' }).max(100),
  [HONEYPOT]: z.string().max(1000).nullish(),
});

export interface Submission {
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  anonymousId: string | null;
  fields: Record<string, string>;
}

export type SubmissionCheck = { ok: true; submission: Submission } | { ok: false; problems: Record<string, string[]> };

/** Whether a body filled the honeypot field: a bot. */
export function filledHoneypot(raw: unknown): boolean {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[HONEYPOT] : undefined;
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * A public submission against its form: a well-formed email, consent given
 * to the version shown, every required field there, each value of its kind,
 * no field the form does not have.
 */
export function checkSubmission(form: FormDefinition, raw: unknown): SubmissionCheck {
  const parsed = body.safeParse(raw);
  const problems: Record<string, string[]> = {};
  const add = (key: string, problem: string) => (problems[key] ??= []).push(problem);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      add(
        issue.path.length ? issue.path.join('.') : 'body',
        issue.code === 'invalid_type' && issue.path.length ? 'is required or of the wrong type' : issue.message,
      );
    return { ok: false, problems };
  }
  const input = parsed.data;
  if (!isEmail(input.email)) add('email', 'must be an email address such as name@example.com');
  if (!input.consent) add('consent', 'must be true: the visitor agrees to the consent text');
  if (input.consentVersion !== form.consentVersion) add('consentVersion', `must be ${form.consentVersion}, the version of the consent text now shown`);
  const fields: Record<string, string> = {};
  const known = new Map(form.fields.map((f) => [f.name, f]));
  for (const name of Object.keys(input.fields)) if (!known.has(name)) add(`fields.${name}`, 'is not a field of this form');
  for (const field of form.fields) {
    const value = input.fields[field.name];
    const text = typeof value === 'boolean' ? (value ? 'true' : '') : (value ?? '').trim();
    if (!text) {
      if (field.required) add(`fields.${field.name}`, field.kind === FormFieldKind.CHECKBOX ? 'must be checked' : 'is required');
      continue;
    }
    if (field.kind === FormFieldKind.CHECKBOX && typeof value !== 'boolean') add(`fields.${field.name}`, 'must be true or false');
    if (field.kind !== FormFieldKind.CHECKBOX && typeof value !== 'string') add(`fields.${field.name}`, 'must be text');
    if (field.kind === FormFieldKind.EMAIL && !isEmail(text)) add(`fields.${field.name}`, 'must be an email address');
    if (field.kind === FormFieldKind.PHONE && !PHONE.test(text)) add(`fields.${field.name}`, 'must be a phone number');
    if (field.kind === FormFieldKind.SELECT && !(field.options ?? []).includes(text))
      add(`fields.${field.name}`, `must be one of ${(field.options ?? []).join(', ')}`);
    if ((field.kind === FormFieldKind.TEXT || field.kind === FormFieldKind.SELECT) && text.length > 500)
      add(`fields.${field.name}`, 'must be at most 500 characters');
    fields[field.name] = text;
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    submission: { email: input.email, firstName: input.firstName, lastName: input.lastName, company: input.company, anonymousId: input.anonymousId, fields },
  };
}
