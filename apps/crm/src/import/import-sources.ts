/**
 * How the contact and lead exports of other CRMs name their columns and
 * values, so such a file imports as it is. Each product lists the columns of
 * its own exports that mean one of our fields; within a field, the columns
 * are in order of preference (the first non-empty cell of a row wins: a work
 * address before a home one). The README says which exports were checked.
 *
 * No column here means two different fields in two products: the import may
 * read a file with the columns of several products at once (an unnamed
 * export matching two of them equally, say), and a unit spec keeps it so.
 */

import type { leadSources } from '@platform/events';

/** The sources a lead can have (the crm.lead.created contract's). */
export type ImportableLeadSource = (typeof leadSources)[number];

export const importSources = ['hubspot', 'salesforce', 'pipedrive', 'zoho'] as const;
export type ImportSource = (typeof importSources)[number];

/** Fields a column can be read into. `full_name` is split into first and last name. */
export type ImportField = 'email' | 'first_name' | 'last_name' | 'full_name' | 'phone' | 'title' | 'company' | 'status' | 'source' | 'customer_email';

export interface SourceColumns {
  label: string;
  /** Field -> the product's column names for it, preferred first. */
  columns: Partial<Record<ImportField, readonly string[]>>;
  /** Columns that are not read but tell this product's export from another's (a record id). */
  markers: readonly string[];
}

export const sourceColumns: Record<ImportSource, SourceColumns> = {
  // "Export" of a contacts view (hubspot-crm-exports-*.csv): property labels.
  hubspot: {
    label: 'HubSpot',
    columns: {
      email: ['Email', 'Work email'],
      first_name: ['First Name'],
      last_name: ['Last Name'],
      phone: ['Phone Number', 'Mobile Phone Number'],
      title: ['Job Title'],
      company: ['Company Name', 'Associated Company'],
      status: ['Lead Status'],
      source: ['Original Source'],
    },
    markers: ['Lifecycle Stage'],
  },
  // Report exports (field labels) and Data Loader / API exports (API names).
  salesforce: {
    label: 'Salesforce',
    columns: {
      email: ['Email'],
      first_name: ['First Name', 'FirstName'],
      last_name: ['Last Name', 'LastName'],
      full_name: ['Name'],
      phone: ['Phone', 'Mobile', 'MobilePhone'],
      title: ['Title'],
      company: ['Company', 'Company / Account', 'Account Name'],
      status: ['Lead Status', 'Status'],
      source: ['Lead Source', 'LeadSource'],
    },
    markers: ['Id', 'Contact ID', 'Lead ID', 'IsConverted'],
  },
  // People and Leads Inbox exports: "<Object> - <Field> - <Label>".
  pipedrive: {
    label: 'Pipedrive',
    columns: {
      email: ['Person - Email - Work', 'Person - Email', 'Person - Email - Home', 'Person - Email - Other'],
      first_name: ['Person - First name'],
      last_name: ['Person - Last name'],
      full_name: ['Person - Name', 'Lead - Contact person'],
      phone: ['Person - Phone - Work', 'Person - Phone', 'Person - Phone - Mobile', 'Person - Phone - Home', 'Person - Phone - Other'],
      title: ['Person - Job title'],
      company: ['Person - Organization', 'Lead - Organization', 'Organization - Name'],
      source: ['Lead - Source'],
    },
    markers: ['Person - ID', 'Lead - ID'],
  },
  // Module exports (Leads_001.csv, Contacts_001.csv): field labels.
  zoho: {
    label: 'Zoho CRM',
    columns: {
      email: ['Email', 'Secondary Email'],
      first_name: ['First Name'],
      last_name: ['Last Name'],
      phone: ['Phone', 'Mobile'],
      title: ['Title', 'Designation'],
      company: ['Company', 'Account Name'],
      status: ['Lead Status'],
      source: ['Lead Source'],
    },
    markers: ['Record Id'],
  },
};

/** Header names and values compare in any case, ignoring blanks around and between words. */
export const normalizeName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Values also ignore `_` and `-` between words: "Open - Not Contacted", "ATTEMPTED_TO_CONTACT". */
export const normalizeValue = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/**
 * Lead statuses of the products, where the meaning is plain. Others (HubSpot
 * "Open", "In Progress", "Open Deal", "Bad Timing"; Zoho "Contact in Future",
 * "Lost Lead", "Pre-Qualified") say something our four statuses do not, so
 * they are left out with a note rather than guessed.
 */
export const leadStatusValues: Record<string, 'new' | 'contacted' | 'qualified' | 'unqualified' | 'converted'> = {
  new: 'new',
  'open not contacted': 'new', // Salesforce
  'not contacted': 'new', // Zoho
  contacted: 'contacted', // ours, Zoho
  'working contacted': 'contacted', // Salesforce
  'attempted to contact': 'contacted', // HubSpot, Zoho
  connected: 'contacted', // HubSpot
  qualified: 'qualified',
  unqualified: 'unqualified', // ours, HubSpot
  'not qualified': 'unqualified', // Zoho
  'junk lead': 'unqualified', // Zoho
  'closed not converted': 'unqualified', // Salesforce
  converted: 'converted',
  'closed converted': 'converted', // Salesforce
};

/**
 * Lead sources of the products that match one of ours. Most do not (HubSpot's
 * "Organic Search", Salesforce's "Phone Inquiry", Zoho's "Trade Show"): those
 * leads keep the source `import`, with a note.
 */
export const leadSourceValues: Record<string, ImportableLeadSource> = {
  'web form': 'web_form', // ours
  web: 'web_form', // Salesforce: Web-to-Lead
  'web forms': 'web_form', // Pipedrive
  import: 'import', // ours, Pipedrive
  manual: 'manual', // ours
  'manually created': 'manual', // Pipedrive
  'content download': 'content_download', // ours
  'web download': 'content_download', // Zoho
};
