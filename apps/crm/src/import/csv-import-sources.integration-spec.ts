import { parse } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createTestDatabase } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';
import { importCsv, type ImportOptions, MalformedCsvError, UnusableInputError } from './csv-import';
import { parseColumnMapping } from './import-header';

/** Exports of other CRMs, as their products write them (fixtures/), imported as they are. */
describe('crm CSV import of other CRMs’ exports (real Postgres)', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = createDataSource({ ...crmSubgraph.database, url: await createTestDatabase('crm_import_sources'), poolSize: 4 });
    await connectAndMigrate(db, { log: () => undefined });
  });
  afterAll(() => db?.destroy());

  async function run(type: 'contacts' | 'leads', fixture: string, options: Partial<ImportOptions> = {}) {
    const report = new PassThrough();
    const chunks: Buffer[] = [];
    report.on('data', (c: Buffer) => chunks.push(c));
    const summary = await importCsv({ dataSource: db, type, input: createReadStream(join(__dirname, 'fixtures', fixture)), report, ...options });
    const rows: string[][] = parse(Buffer.concat(chunks).toString(), { relax_column_count: true });
    return { summary, rejected: rows.slice(1).map(([line, email, reason]) => [Number(line), email, reason]) };
  }
  const contacts = (domains: string[]) =>
    db.query(`SELECT first_name, last_name, email, phone, title FROM contacts WHERE split_part(lower(email), '@', 2) = ANY($1) ORDER BY lower(email)`, [
      domains,
    ]);
  const leads = (domains: string[]) =>
    db.query(
      `SELECT first_name, last_name, email, company, phone, status, source FROM leads WHERE split_part(lower(email), '@', 2) = ANY($1) ORDER BY lower(email)`,
      [domains],
    );

  describe('HubSpot', () => {
    it('imports a contacts export: Work email and Mobile Phone Number where Email and Phone Number are blank, past a cell of two lines', async () => {
      const { summary, rejected } = await run('contacts', 'hubspot-contacts.csv');
      expect(summary).toMatchObject({
        read: 4,
        inserted: 3,
        rejected: 1,
        readAs: ['hubspot'],
        ignoredColumns: ['Record ID', 'Company Name', 'Lifecycle Stage', 'Lead Status', 'Contact owner', 'Create Date', 'Message'],
        notes: [],
      });
      // Tomás's message spans lines 3 and 4.
      expect(rejected).toEqual([[6, 'lee@nofirstname.test', 'first_name is required']]);
      expect(await contacts(['brightwave.test', 'ibanez-hijos.test', 'raman-consulting.test', 'nofirstname.test'])).toEqual([
        { first_name: 'Maya', last_name: 'Okafor', email: 'maya.okafor@brightwave.test', phone: '+1 (415) 555-0142', title: 'VP Engineering' },
        { first_name: 'Priya', last_name: 'Raman', email: 'priya@raman-consulting.test', phone: '+44 7700 900123', title: null },
        { first_name: 'Tomás', last_name: 'Ibáñez', email: 'tomas@ibanez-hijos.test', phone: '+34 612 555 013', title: 'Gerente' },
      ]);
    });

    it('imports a leads export: lead statuses mapped where plain, the others and every Original Source left out with a note', async () => {
      const { summary, rejected } = await run('leads', 'hubspot-leads.csv');
      expect(summary).toMatchObject({ read: 4, inserted: 4, rejected: 0, readAs: ['hubspot'] });
      expect(summary.notes).toEqual([
        'source "Organic Search" (column "Original Source") has no counterpart here, left out of 2 rows: a new lead gets the source import',
        'source "Offline Sources" (column "Original Source") has no counterpart here, left out of 1 row: a new lead gets the source import',
        'status "Bad Timing" (column "Lead Status") has no counterpart here, left out of 1 row: a new lead is new, an existing one keeps its status',
      ]);
      expect(rejected).toEqual([]);
      expect(await leads(['cobol-works.test', 'bletchley.test', 'analytical.test', 'shortest-path.test'])).toEqual([
        {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@analytical.test',
          company: 'Analytical Engines',
          phone: '+44 20 7946 0000',
          status: 'new',
          source: 'import',
        },
        {
          first_name: 'Alan',
          last_name: 'Turing',
          email: 'alan@bletchley.test',
          company: 'Bletchley Park',
          phone: null,
          status: 'contacted',
          source: 'import',
        },
        {
          first_name: 'Edsger',
          last_name: 'Dijkstra',
          email: 'edsger@shortest-path.test',
          company: 'Shortest Path BV',
          phone: null,
          status: 'unqualified',
          source: 'import',
        },
        {
          first_name: 'Grace',
          last_name: 'Hopper',
          email: 'grace@cobol-works.test',
          company: 'COBOL Works',
          phone: '+1 202 555 0100',
          status: 'new',
          source: 'import',
        },
      ]);
    });
  });

  describe('Salesforce', () => {
    it('imports a contacts report export by its field labels, Mobile where Phone is blank', async () => {
      const { summary, rejected } = await run('contacts', 'salesforce-contacts.csv');
      expect(summary).toMatchObject({
        read: 3,
        inserted: 3,
        rejected: 0,
        readAs: ['salesforce'],
        ignoredColumns: ['Contact Owner', 'Account Name', 'Lead Source', 'Mailing City', 'Contact ID'],
      });
      expect(rejected).toEqual([]);
      expect(await contacts(['nordwind.test', 'accra-fintech.test', 'rossi-design.test'])).toEqual([
        { first_name: 'Kwame', last_name: 'Mensah', email: 'kwame@accra-fintech.test', phone: '+233 24 555 0199', title: 'CTO' },
        { first_name: 'Lena', last_name: 'Fischer', email: 'lena.fischer@nordwind.test', phone: '+49 30 901820', title: 'Head of Procurement' },
        { first_name: 'Sofia', last_name: 'Rossi', email: 'SOFIA.ROSSI@ROSSI-DESIGN.TEST', phone: '+39 02 555 0123', title: null },
      ]);
    });

    it('imports a Data Loader leads export by its API names: Web is a web form, a converted lead is refused', async () => {
      const { summary, rejected } = await run('leads', 'salesforce-leads.csv');
      expect(summary).toMatchObject({ read: 4, inserted: 3, rejected: 1, readAs: ['salesforce'], ignoredColumns: ['ID', 'TITLE', 'ISCONVERTED'] });
      expect(summary.notes).toEqual([
        'source "Phone Inquiry" (column "LEADSOURCE") has no counterpart here, left out of 1 row: a new lead gets the source import',
        'source "Purchased List" (column "LEADSOURCE") has no counterpart here, left out of 1 row: a new lead gets the source import',
      ]);
      expect(rejected).toEqual([[5, 'julia@berg-consult.test', 'status "Closed - Converted" (converted) cannot be imported: convert the lead instead']]);
      expect(await leads(['tanaka-robotics.test', 'nowak-logistics.test', 'haddad-trading.test', 'berg-consult.test'])).toEqual([
        {
          first_name: 'Hiro',
          last_name: 'Tanaka',
          email: 'hiro@tanaka-robotics.test',
          company: 'Tanaka Robotics',
          phone: '+81 3 5555 0101',
          status: 'new',
          source: 'web_form',
        },
        {
          first_name: 'Marta',
          last_name: 'Nowak',
          email: 'marta@nowak-logistics.test',
          company: 'Nowak Logistics',
          phone: '+48 600 555 010',
          status: 'contacted',
          source: 'import',
        },
        {
          first_name: 'Omar',
          last_name: 'Haddad',
          email: 'omar@haddad-trading.test',
          company: 'Haddad Trading',
          phone: null,
          status: 'unqualified',
          source: 'import',
        },
      ]);
      const [event] = await db.query(
        `SELECT envelope->'data' AS data FROM outbox WHERE envelope->>'type' = 'crm.lead.created' AND envelope->'data'->>'email' = 'hiro@tanaka-robotics.test'`,
      );
      expect(event.data).toMatchObject({ firstName: 'Hiro', lastName: 'Tanaka', company: 'Tanaka Robotics', source: 'web_form' });
    });
  });

  describe('Pipedrive', () => {
    it('imports a people export: the full name split, the work address and phone first, then home and mobile', async () => {
      const { summary, rejected } = await run('contacts', 'pipedrive-people.csv');
      expect(summary).toMatchObject({
        read: 4,
        inserted: 4,
        rejected: 0,
        readAs: ['pipedrive'],
        ignoredColumns: ['Person - ID', 'Person - Label', 'Person - Organization', 'Person - Owner'],
      });
      expect(rejected).toEqual([]);
      expect(await contacts(['svensson-bygg.test', 'home.test', 'solo.test', 'okoro-farms.test'])).toEqual([
        { first_name: 'Anna', last_name: 'Maria Svensson', email: 'anna@svensson-bygg.test', phone: '+46 8 555 010 10', title: 'Site Manager' },
        { first_name: 'Cher', last_name: '', email: 'cher@solo.test', phone: '+1 310 555 0103', title: 'Singer' },
        { first_name: 'Chidi', last_name: 'Okoro', email: 'chidi@okoro-farms.test', phone: '+234 1 555 0104', title: 'Owner' },
        { first_name: 'Jonas', last_name: 'van der Berg', email: 'jonas.vdberg@home.test', phone: '+31 6 5555 0102', title: null },
      ]);
      // The same export again: every row is as stored.
      expect((await run('contacts', 'pipedrive-people.csv')).summary).toMatchObject({ read: 4, inserted: 0, updated: 0, unchanged: 4 });
    });

    it('imports a Leads Inbox export: the contact person split, its source mapped, and an existing lead keeping its source', async () => {
      await db.query(
        `INSERT INTO leads (id, email, first_name, last_name, source) VALUES (gen_random_uuid(), 'Lars@Svensson-Bygg.test', 'Lars', '', 'content_download')`,
      );
      const { summary, rejected } = await run('leads', 'pipedrive-leads.csv');
      expect(summary).toMatchObject({ read: 3, inserted: 2, updated: 1, rejected: 0, readAs: ['pipedrive'] });
      expect(summary.ignoredColumns).toEqual(['Lead - ID', 'Lead - Title', 'Lead - Owner', 'Lead - Labels', 'Lead - Lead created']);
      expect(summary.notes).toEqual([
        'source "Prospector" (column "Lead - Source") has no counterpart here, left out of 1 row: a new lead gets the source import',
      ]);
      expect(rejected).toEqual([]);
      expect(await leads(['svensson-bygg.test', 'home.test', 'lin-imports.test'])).toEqual([
        {
          first_name: 'Lars',
          last_name: 'Svensson',
          email: 'Lars@Svensson-Bygg.test',
          company: 'Svensson Bygg AB',
          phone: '+46 8 555 010 11',
          status: 'new',
          source: 'content_download',
        },
        { first_name: 'Mei', last_name: 'Lin', email: 'mei@lin-imports.test', company: 'Lin Imports', phone: null, status: 'new', source: 'import' },
        {
          first_name: 'Ngozi',
          last_name: 'Okoro',
          email: 'ngozi@home.test',
          company: 'Okoro Farms, Ltd',
          phone: '+234 803 555 0105',
          status: 'new',
          source: 'manual',
        },
      ]);
    });
  });

  describe('Zoho CRM', () => {
    it('imports a contacts export: Secondary Email and Mobile as fallbacks, a bad address rejected on its own line', async () => {
      const { summary, rejected } = await run('contacts', 'zoho-contacts.csv');
      expect(summary).toMatchObject({ read: 3, inserted: 2, rejected: 1, readAs: ['zoho'] });
      // Sam's description spans lines 2 and 3.
      expect(rejected).toEqual([[5, 'not an email', 'email "not an email" is not an email address']]);
      expect(await contacts(['ridgepg.test', 'homeowner.test'])).toEqual([
        { first_name: 'Jo', last_name: 'Homeowner', email: 'jo@homeowner.test', phone: '614-555-0300', title: null },
        { first_name: 'Sam', last_name: 'Lee', email: 'sam.lee@ridgepg.test', phone: '614-555-0102', title: 'Facilities Manager' },
      ]);
    });

    it('imports a leads export: Junk Lead is unqualified, Web Download a content download, Pre-Qualified left out', async () => {
      const { summary, rejected } = await run('leads', 'zoho-leads.csv');
      expect(summary).toMatchObject({ read: 4, inserted: 4, rejected: 0, readAs: ['zoho'] });
      expect(summary.notes).toEqual([
        'status "Pre-Qualified" (column "Lead Status") has no counterpart here, left out of 1 row: a new lead is new, an existing one keeps its status',
        'source "Cold Call" (column "Lead Source") has no counterpart here, left out of 1 row: a new lead gets the source import',
        'source "Advertisement" (column "Lead Source") has no counterpart here, left out of 1 row: a new lead gets the source import',
      ]);
      expect(rejected).toEqual([]);
      expect(await leads(['hillcrest.test', 'junk.test', 'elmdental.test', 'oakco.test'])).toEqual([
        { first_name: 'Liam', last_name: 'Walsh', email: 'liam@oakco.test', company: 'Oak & Co', phone: null, status: 'new', source: 'import' },
        {
          first_name: 'Mary',
          last_name: 'Ames',
          email: 'mary@hillcrest.test',
          company: 'Hillcrest Church',
          phone: '614-555-0400',
          status: 'contacted',
          source: 'content_download',
        },
        {
          first_name: 'Nina',
          last_name: 'Patel',
          email: 'nina@elmdental.test',
          company: 'Elm Street Dental',
          phone: '614-555-0413',
          status: 'new',
          source: 'import',
        },
        { first_name: 'Spam', last_name: 'Bot', email: 'spam@junk.test', company: null, phone: null, status: 'unqualified', source: 'import' },
      ]);
    });
  });

  it('counts a line break of a Windows export (CRLF) inside a quoted cell as one line, up to a malformed record', async () => {
    const text = 'email,first_name,title\r\nw1@crlf.test,A,"two\r\nlines"\r\nw2@crlf.test,B,"three\r\n\r\nlines"\r\nw3@crlf.test,"C"x,y\r\n';
    const failure = await importCsv({ dataSource: db, type: 'contacts', input: Readable.from([text]) }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(MalformedCsvError);
    expect((failure as MalformedCsvError).line).toBe(7);
    expect((failure as MalformedCsvError).message).toMatch(/^malformed CSV at line 7: /);
    expect(await contacts(['crlf.test'])).toEqual([
      { first_name: 'A', last_name: '', email: 'w1@crlf.test', phone: null, title: 'two\r\nlines' },
      { first_name: 'B', last_name: '', email: 'w2@crlf.test', phone: null, title: 'three\r\n\r\nlines' },
    ]);
  });

  describe('columns mapped by hand', () => {
    const map = ['Given Name=first_name', 'Family Name=last_name', 'E-mail Address=email', 'Business Phone=phone', 'Job Title=title'].map(parseColumnMapping);

    it('imports another tool’s export through --map, and ignores the columns it does not name', async () => {
      const { summary, rejected } = await run('contacts', 'hand-mapped-contacts.csv', { map });
      expect(summary).toMatchObject({
        read: 2,
        inserted: 1,
        rejected: 1,
        readAs: [],
        ignoredColumns: ['E-mail 2 Address', 'Mobile Phone', 'Organization', 'Notes'],
      });
      expect(rejected).toEqual([[3, '', 'email is required']]);
      expect(await contacts(['garcia-arquitectos.test', 'wagner-home.test'])).toEqual([
        { first_name: 'Inés', last_name: 'García', email: 'ines@garcia-arquitectos.test', phone: '+34 91 555 0101', title: 'Partner' },
      ]);
    });

    it('refuses an unknown target, two columns for one field, or a column the file lacks, before any row is written', async () => {
      const refused = async (options: Partial<ImportOptions>) => {
        const failure = await run('contacts', 'hand-mapped-contacts.csv', options).catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(UnusableInputError);
        return (failure as Error).message;
      };
      await db.query(`DELETE FROM contacts WHERE email = 'ines@garcia-arquitectos.test'`);
      expect(await refused({ map: [...map, parseColumnMapping('Organization=company')] })).toBe(
        '--map "Organization=company": contacts have no field "company" (one of email, first_name, last_name, full_name, phone, title, customer_email, or ignore)',
      );
      expect(await refused({ map: [...map, parseColumnMapping('Mobile Phone=phone')] })).toBe(
        '--map reads two columns into phone: "Business Phone" and "Mobile Phone" (map one of them, or the other to ignore)',
      );
      expect(await refused({ map: [...map, parseColumnMapping('Fax=phone')] })).toMatch(/^--map "Fax=phone": the header has no column "Fax"/);
      // The wrong product's columns find no email.
      expect(await refused({ source: 'pipedrive' })).toMatch(/^the header has no email, first_name columns/);
      expect(await contacts(['garcia-arquitectos.test', 'wagner-home.test'])).toEqual([]);
    });
  });
});
