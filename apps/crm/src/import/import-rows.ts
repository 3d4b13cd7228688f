/**
 * What an import file may hold, and the checks each row passes before it
 * reaches the database. Limits mirror the CHECK constraints of the contacts
 * and leads tables (1763900003000-crm-domain.ts), so a row the database would
 * refuse is rejected here with a reason instead of failing its whole batch.
 */

import { type HeaderLayout, importFields, type ImportType } from './import-header';
import { leadSources } from '@platform/events';
import { type ImportableLeadSource, type ImportField, leadSourceValues, leadStatusValues, normalizeValue } from './import-sources';

export const importTypes: readonly ImportType[] = ['contacts', 'leads'];

/** Statuses an import may set; 'converted' only comes from converting a lead. */
export const importableLeadStatuses = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export type ImportableLeadStatus = (typeof importableLeadStatuses)[number];

/** Longest value each field's table column accepts. */
const maxLength: Record<ImportField, number> = {
  email: 320,
  first_name: 100,
  last_name: 100,
  // Split into first and last name, which are checked.
  full_name: Infinity,
  phone: 50,
  title: 200,
  company: 200,
  // Mapped onto our values, never stored as given.
  status: Infinity,
  source: Infinity,
  customer_email: 320,
};

export interface ContactRow {
  email: string;
  firstName: string;
  lastName: string | null;
  phone: string | null;
  title: string | null;
  customerEmail: string | null;
}

export interface LeadRow {
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  phone: string | null;
  status: ImportableLeadStatus | null;
  /** Used for a new lead only: a lead keeps the source it first came from. */
  source: ImportableLeadSource | null;
}

export type ImportRow = ContactRow | LeadRow;

/** A value of another CRM that has no counterpart here, so the row is imported without it. */
export interface LeftOut {
  field: 'status' | 'source';
  column: string;
  value: string;
}

// Deliberately permissive (what mail systems accept varies), but it catches
// what a spreadsheet usually holds by mistake: names, blanks, two addresses.
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length >= 3 && value.length <= 320 && EMAIL.test(value);
}

export type RowCheck = { ok: true; row: ImportRow; leftOut: LeftOut[] } | { ok: false; reason: string };

/** The field's first non-empty cell among its columns, trimmed, and the column it came from. */
function cell(layout: HeaderLayout, record: string[], field: ImportField): { value: string; at: number } | undefined {
  for (const at of layout.columns.get(field) ?? []) {
    const value = (record[at] ?? '').trim();
    if (value) return { value, at };
  }
  return undefined;
}

/** The row's email as the file holds it, for the rejected-rows report. */
export function emailOf(layout: HeaderLayout, record: string[]): string {
  return cell(layout, record, 'email')?.value ?? '';
}

/**
 * "Ada King" -> Ada / King; "Ludwig van Beethoven" -> Ludwig / van Beethoven;
 * "King, Ada" -> Ada / King; "Cher" -> Cher / none.
 */
export function splitName(full: string): { first: string; last: string | null } {
  const comma = full.indexOf(',');
  if (comma > 0 && comma < full.length - 1) return { first: full.slice(comma + 1).trim(), last: full.slice(0, comma).trim() };
  const [first, ...rest] = full.replace(/,$/, '').trim().split(/\s+/);
  return { first, last: rest.length ? rest.join(' ') : null };
}

/**
 * One record as the file gave it. Blank cells become null: an import fills
 * in and changes fields, it never clears one. A full name is split only when
 * the row has neither a first nor a last name.
 */
export function validateRow(layout: HeaderLayout, record: string[]): RowCheck {
  if (record.length !== layout.width) {
    return { ok: false, reason: `expected ${layout.width} columns as in the header, found ${record.length}` };
  }
  const values: Partial<Record<ImportField, string | null>> = {};
  const from: Partial<Record<ImportField, number>> = {};
  const problems: string[] = [];
  const check = (field: ImportField, value: string) => {
    // Postgres text holds no NUL: one would make the database refuse the whole batch.
    if (value.includes('\u0000')) problems.push(`${field} contains a NUL character`);
    // Characters as Postgres length() counts them (code points), not UTF-16 units.
    else if ([...value].length > maxLength[field]) problems.push(`${field} is longer than ${maxLength[field]} characters`);
  };
  for (const field of importFields[layout.type]) {
    const found = cell(layout, record, field);
    values[field] = found?.value ?? null;
    if (found) from[field] = found.at;
    if (found && field !== 'full_name') check(field, found.value);
  }
  if (!values.first_name && !values.last_name && values.full_name) {
    const { first, last } = splitName(values.full_name);
    values.first_name = first;
    values.last_name = last;
    check('first_name', first);
    if (last) check('last_name', last);
  }
  if (!values.email) problems.unshift('email is required');
  if (layout.type === 'contacts' && !values.first_name) problems.push('first_name is required');
  if (values.email && !problems.some((p) => p.startsWith('email')) && !isEmail(values.email)) problems.push(`email "${values.email}" is not an email address`);
  if (values.customer_email && !problems.some((p) => p.startsWith('customer_email')) && !isEmail(values.customer_email)) {
    problems.push(`customer_email "${values.customer_email}" is not an email address`);
  }

  const leftOut: LeftOut[] = [];
  const leaveOut = (field: LeftOut['field']) => leftOut.push({ field, column: layout.header[from[field] ?? 0], value: values[field] ?? '' });
  let status: ImportableLeadStatus | null = null;
  if (layout.type === 'leads' && values.status && !problems.some((p) => p.startsWith('status'))) {
    const given = leadStatusValues[normalizeValue(values.status)];
    if (given === 'converted')
      problems.push(
        `status ${normalizeValue(values.status) === 'converted' ? 'converted' : `"${values.status}" (converted)`} cannot be imported: convert the lead instead`,
      );
    else if (given) status = given;
    else if (layout.lenient) leaveOut('status');
    else problems.push(`unknown status "${values.status}" (one of ${importableLeadStatuses.join(', ')})`);
  }
  let source: ImportableLeadSource | null = null;
  if (layout.type === 'leads' && values.source && !problems.some((p) => p.startsWith('source'))) {
    const given = leadSourceValues[normalizeValue(values.source)];
    if (given) source = given;
    else if (layout.lenient) leaveOut('source');
    else problems.push(`unknown source "${values.source}" (one of ${leadSources.join(', ')})`);
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };

  const email = values.email ?? '';
  if (layout.type === 'contacts') {
    return {
      ok: true,
      row: {
        email,
        firstName: values.first_name ?? '',
        lastName: values.last_name ?? null,
        phone: values.phone ?? null,
        title: values.title ?? null,
        customerEmail: values.customer_email ?? null,
      },
      leftOut,
    };
  }
  return {
    ok: true,
    row: {
      email,
      firstName: values.first_name ?? null,
      lastName: values.last_name ?? null,
      company: values.company ?? null,
      phone: values.phone ?? null,
      status,
      source,
    },
    leftOut,
  };
}
