/**
 * What an import file may hold, and the checks each row passes before it
 * reaches the database. Limits mirror the CHECK constraints of the contacts
 * and leads tables (1763900003000-crm-domain.ts), so a row the database would
 * refuse is rejected here with a reason instead of failing its whole batch.
 */

export type ImportType = 'contacts' | 'leads';
export const importTypes: readonly ImportType[] = ['contacts', 'leads'];

/** Statuses an import may set; 'converted' only comes from converting a lead. */
export const importableLeadStatuses = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export type ImportableLeadStatus = (typeof importableLeadStatuses)[number];

interface ColumnSpec {
  required: boolean;
  /** Longest value the table accepts. */
  max: number;
}

export const importColumns: Record<ImportType, Record<string, ColumnSpec>> = {
  contacts: {
    email: { required: true, max: 320 },
    first_name: { required: true, max: 100 },
    last_name: { required: false, max: 100 },
    phone: { required: false, max: 50 },
    title: { required: false, max: 200 },
    customer_email: { required: false, max: 320 },
  },
  leads: {
    email: { required: true, max: 320 },
    first_name: { required: false, max: 100 },
    last_name: { required: false, max: 100 },
    company: { required: false, max: 200 },
    phone: { required: false, max: 50 },
    status: { required: false, max: 20 },
  },
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
}

export type ImportRow = ContactRow | LeadRow;

/** Where each known column sits in the file; unknown columns are ignored. */
export interface HeaderLayout {
  type: ImportType;
  /** Column name -> index in a record. */
  index: Map<string, number>;
  width: number;
  ignored: string[];
}

export class UnusableInputError extends Error {}

/** Column names are matched case-insensitively, ignoring surrounding blanks. */
export function readHeader(type: ImportType, header: string[]): HeaderLayout {
  const known = importColumns[type];
  const index = new Map<string, number>();
  const ignored: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!(name in known)) {
      ignored.push(raw);
      return;
    }
    const earlier = index.get(name);
    if (earlier !== undefined) throw new UnusableInputError(`the header names column "${name}" twice (columns ${earlier + 1} and ${i + 1})`);
    index.set(name, i);
  });
  const missing = Object.entries(known)
    .filter(([name, spec]) => spec.required && !index.has(name))
    .map(([name]) => name);
  if (missing.length) {
    throw new UnusableInputError(`the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (required for ${type}; columns found: ${header.join(', ') || 'none'})`);
  }
  return { type, index, width: header.length, ignored };
}

// Deliberately permissive (what mail systems accept varies), but it catches
// what a spreadsheet usually holds by mistake: names, blanks, two addresses.
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

export function isEmail(value: string): boolean {
  return value.length >= 3 && value.length <= 320 && EMAIL.test(value);
}

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; reason: string };

/**
 * One record as the file gave it. Blank cells become null: an import fills
 * in and changes fields, it never clears one.
 */
export function validateRow(layout: HeaderLayout, record: string[]): RowCheck {
  if (record.length !== layout.width) {
    return { ok: false, reason: `expected ${layout.width} columns as in the header, found ${record.length}` };
  }
  const specs = importColumns[layout.type];
  const values: Record<string, string | null> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const at = layout.index.get(name);
    const value = at === undefined ? '' : record[at].trim();
    if (!value) {
      if (spec.required) problems.push(`${name} is required`);
      values[name] = null;
      continue;
    }
    // Postgres text holds no NUL: one would make the database refuse the whole batch.
    if (value.includes('\u0000')) problems.push(`${name} contains a NUL character`);
    // Characters as Postgres length() counts them (code points), not UTF-16 units.
    else if ([...value].length > spec.max) problems.push(`${name} is longer than ${spec.max} characters`);
    values[name] = value;
  }
  if (values.email && !problems.some((p) => p.startsWith('email')) && !isEmail(values.email)) problems.push(`email "${values.email}" is not an email address`);
  if (values.customer_email && !problems.some((p) => p.startsWith('customer_email')) && !isEmail(values.customer_email)) {
    problems.push(`customer_email "${values.customer_email}" is not an email address`);
  }
  let status: ImportableLeadStatus | null = null;
  if (layout.type === 'leads' && values.status) {
    const given = values.status.toLowerCase();
    if ((importableLeadStatuses as readonly string[]).includes(given)) status = given as ImportableLeadStatus;
    else if (given === 'converted') problems.push('status converted cannot be imported: convert the lead instead');
    else problems.push(`unknown status "${values.status}" (one of ${importableLeadStatuses.join(', ')})`);
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };

  if (layout.type === 'contacts') {
    return {
      ok: true,
      row: {
        email: values.email ?? '',
        firstName: values.first_name ?? '',
        lastName: values.last_name,
        phone: values.phone,
        title: values.title,
        customerEmail: values.customer_email,
      },
    };
  }
  return {
    ok: true,
    row: { email: values.email ?? '', firstName: values.first_name, lastName: values.last_name, company: values.company, phone: values.phone, status },
  };
}
