import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createTestDatabase } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';
import { ImportFailedError, importCsv, type ImportOptions, MalformedCsvError, UnusableInputError } from './csv-import';

describe('crm CSV import (real Postgres)', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = createDataSource({ ...crmSubgraph.database, url: await createTestDatabase('crm_import'), poolSize: 4 });
    await connectAndMigrate(db, { log: () => undefined });
  });
  afterAll(() => db?.destroy());

  /** Runs an import of `text` and returns its summary and the report's rows (header first). */
  async function run(type: 'contacts' | 'leads', text: string | string[], options: Partial<ImportOptions> = {}) {
    const report = new PassThrough();
    const chunks: Buffer[] = [];
    report.on('data', (c: Buffer) => chunks.push(c));
    const input = Readable.from(Array.isArray(text) ? text.map((l) => `${l}\n`) : [text]);
    const summary = await importCsv({ dataSource: db, type, input, report, ...options });
    const rows: string[][] = parse(Buffer.concat(chunks).toString(), { relax_column_count: true });
    return { summary, report: rows };
  }
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const events = (type: string, domain: string) =>
    count(`SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = $1 AND envelope->'data'->>'email' LIKE $2`, [type, `%@${domain}`]);

  describe('contacts', () => {
    const domain = 'people.test';
    const header = 'Email,First_Name,last_name,phone,title,customer_email,notes';
    const good = (i: number, title = `Title ${i}`) =>
      `p${i}@${domain},First${i},Last${i},+44 ${i},${title},${i % 100 === 0 ? 'Buyer@Acme.test' : ''},note ${i}`;
    let customerId: string;
    let file: string[];

    beforeAll(async () => {
      customerId = randomUUID();
      await db.query(`INSERT INTO customers (id, name, email) VALUES ($1, 'Acme', 'buyer@acme.test')`, [customerId]);
      file = [header];
      for (let i = 1; i <= 3000; i++) {
        file.push(good(i));
        // Bad rows of every kind, spread over the batches.
        if (i === 10) file.push(`not-an-email,Bad,Row,,,,`);
        if (i === 500) file.push(`blank@${domain},,Nofirst,,,,`);
        if (i === 1200) file.push(`long@${domain},${'x'.repeat(101)},Long,,,,`);
        if (i === 1300) file.push(`phone@${domain},Phone,Long,${'1'.repeat(51)},,,`);
        if (i === 1500) file.push(`short@${domain},Too,Few`);
        if (i === 2000) file.push(`P7@People.TEST,Again,Seven,,,,`);
        if (i === 2100) file.push(`P2050@${domain},Later,Duplicate,,,,`);
        if (i === 2500) file.push(`orphan@${domain},No,Customer,,,nobody@nowhere.test,`);
      }
    });

    it('inserts the valid rows, rejects each bad row with its reason, and emits one created event per inserted row', async () => {
      const { summary, report } = await run('contacts', file);
      expect(summary).toMatchObject({ read: 3008, inserted: 3000, updated: 0, unchanged: 0, rejected: 8, ignoredColumns: ['notes'] });
      expect(report[0]).toEqual(['line', 'email', 'reason', ...header.split(',')]);
      const reasons = report.slice(1).map(([line, email, reason]) => [Number(line), email, reason]);
      // Line 1 is the header; good row i sits on line i + 1 plus the bad rows before it.
      expect(reasons).toEqual([
        [12, 'not-an-email', 'email "not-an-email" is not an email address'],
        [503, `blank@${domain}`, 'first_name is required'],
        [1204, `long@${domain}`, 'first_name is longer than 100 characters'],
        [1305, `phone@${domain}`, 'phone is longer than 50 characters'],
        [1506, `short@${domain}`, 'expected 7 columns as in the header, found 3'],
        [2007, 'P7@People.TEST', 'duplicate of line 8 (the same email, case-insensitively)'],
        [2108, `P2050@${domain}`, 'duplicate of line 2057 (the same email, case-insensitively)'],
        [2509, `orphan@${domain}`, 'no customer with email nobody@nowhere.test'],
      ]);
      // The report keeps the original cells.
      expect(report[5]).toEqual(['1506', `short@${domain}`, 'expected 7 columns as in the header, found 3', `short@${domain}`, 'Too', 'Few']);

      expect(await count(`SELECT count(*) AS n FROM contacts WHERE email LIKE $1`, [`%@${domain}`])).toBe(3000);
      expect(await count(`SELECT count(*) AS n FROM contacts WHERE customer_id = $1`, [customerId])).toBe(30);
      const [p100] = await db.query(`SELECT first_name, last_name, phone, title, customer_id FROM contacts WHERE email = $1`, [`p100@${domain}`]);
      expect(p100).toEqual({ first_name: 'First100', last_name: 'Last100', phone: '+44 100', title: 'Title 100', customer_id: customerId });
      // The first row with an email wins over its later duplicate.
      expect((await db.query(`SELECT first_name FROM contacts WHERE lower(email) = 'p7@people.test'`))[0].first_name).toBe('First7');

      expect(await events('crm.contact.created', domain)).toBe(3000);
      expect(
        await count(
          `SELECT count(*) AS n FROM outbox o JOIN contacts c ON c.id::text = o.key
            WHERE o.envelope->>'type' = 'crm.contact.created' AND o.envelope->'data'->>'contactId' = c.id::text AND c.email LIKE $1`,
          [`%@${domain}`],
        ),
      ).toBe(3000);
    });

    it('changes and emits nothing when the same file runs again', async () => {
      const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
      const [before] = await db.query(`SELECT max(updated_at) AS at FROM contacts`);
      const { summary, report } = await run('contacts', file);
      expect(summary).toMatchObject({ read: 3008, inserted: 0, updated: 0, unchanged: 3000, rejected: 8 });
      expect(report).toHaveLength(9);
      expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(outboxBefore);
      expect(await db.query(`SELECT max(updated_at) AS at FROM contacts`)).toEqual([before]);
    });

    it('updates exactly the changed rows, emitting their changed fields; a blank cell clears nothing', async () => {
      const modified = [header];
      for (let i = 1; i <= 3000; i++) {
        if (i === 4 || i === 40) modified.push(good(i, 'Chief Executive'));
        else if (i === 41) modified.push(`p41@${domain},First41,Last41,+44 999,Title 41,Buyer@acme.test,`);
        else if (i === 42) modified.push(`p42@${domain},First42,,,,,`);
        else modified.push(good(i));
      }
      const { summary } = await run('contacts', modified);
      expect(summary).toMatchObject({ read: 3000, inserted: 0, updated: 3, unchanged: 2997, rejected: 0 });
      const updates: { email: string; changed: string[] }[] = await db.query(
        `SELECT envelope->'data'->>'email' AS email, envelope->'data'->'changed' AS changed FROM outbox
          WHERE envelope->>'type' = 'crm.contact.updated' ORDER BY id`,
      );
      expect(updates).toEqual([
        { email: `p4@${domain}`, changed: ['title'] },
        { email: `p40@${domain}`, changed: ['title'] },
        { email: `p41@${domain}`, changed: ['phone', 'customerId'] },
      ]);
      expect(
        await db.query(`SELECT title, phone, last_name, customer_id FROM contacts WHERE email IN ($1, $2) ORDER BY email`, [`p41@${domain}`, `p42@${domain}`]),
      ).toEqual([
        { title: 'Title 41', phone: '+44 999', last_name: 'Last41', customer_id: customerId },
        { title: 'Title 42', phone: '+44 42', last_name: 'Last42', customer_id: null },
      ]);
    });

    it('writes whole batches only when the database refuses one, and a re-run completes the file', async () => {
      // A rule the import cannot know up front: the database refuses the third batch.
      await db.query(`ALTER TABLE contacts ADD CONSTRAINT import_test_refused CHECK (first_name <> 'Refused') NOT VALID`);
      const lines = ['email,first_name'];
      for (let i = 1; i <= 2500; i++) lines.push(`r${i}@refused.test,${i === 2100 ? 'Refused' : `R${i}`}`);
      const failure = await run('contacts', lines, { batchSize: 1000 }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ImportFailedError);
      expect((failure as ImportFailedError).message).toMatch(/refused the batch of lines 2002 to 2501: .*import_test_refused/);
      expect((failure as ImportFailedError).summary).toMatchObject({ inserted: 2000, rejected: 0 });
      expect(await count(`SELECT count(*) AS n FROM contacts WHERE email LIKE '%@refused.test'`)).toBe(2000);
      expect(await events('crm.contact.created', 'refused.test')).toBe(2000);

      await db.query(`ALTER TABLE contacts DROP CONSTRAINT import_test_refused`);
      const { summary } = await run('contacts', lines, { batchSize: 1000 });
      expect(summary).toMatchObject({ inserted: 500, unchanged: 2000 });
      expect(await events('crm.contact.created', 'refused.test')).toBe(2500);
    });

    it('reports what a dry run would do and writes nothing', async () => {
      const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
      const lines = ['email,first_name,title', `p1@${domain},First1,Changed`, `new1@dry.test,New,`, `new2@dry.test,New,`, `NEW1@dry.test,Dup,`];
      const { summary, report } = await run('contacts', lines, { dryRun: true });
      expect(summary).toMatchObject({ dryRun: true, read: 4, inserted: 2, updated: 1, unchanged: 0, rejected: 1 });
      expect(report[1][2]).toBe('duplicate of line 3 (the same email, case-insensitively)');
      expect(await count(`SELECT count(*) AS n FROM contacts WHERE email LIKE '%@dry.test'`)).toBe(0);
      expect((await db.query(`SELECT title FROM contacts WHERE email = $1`, [`p1@${domain}`]))[0].title).toBe('Title 1');
      expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(outboxBefore);
    });

    it('stops at a malformed record with its line, after importing the rows before it', async () => {
      const text = `email,first_name,title\nm1@malformed.test,A,"two\nlines"\nm2@malformed.test,B,x\nm3@malformed.test,"C"x,y\nm4@malformed.test,D,z\n`;
      const failure = await run('contacts', text).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(MalformedCsvError);
      expect((failure as MalformedCsvError).line).toBe(5);
      expect((failure as MalformedCsvError).message).toMatch(/^malformed CSV at line 5: Invalid Closing Quote.*; the 2 rows before it are imported/);
      expect((failure as MalformedCsvError).summary).toMatchObject({ read: 2, inserted: 2 });
      expect(await db.query(`SELECT email, title FROM contacts WHERE email LIKE '%@malformed.test' ORDER BY email`)).toEqual([
        { email: 'm1@malformed.test', title: 'two\nlines' },
        { email: 'm2@malformed.test', title: 'x' },
      ]);
    });
  });

  describe('leads', () => {
    const domain = 'leads.test';
    let convertedId: string;

    beforeAll(async () => {
      convertedId = randomUUID();
      await db.query(
        `INSERT INTO leads (id, email, first_name, last_name, status, source, converted_at) VALUES ($1, $2, 'Was', 'Converted', 'converted', 'web_form', now())`,
        [convertedId, `converted@${domain}`],
      );
    });

    it('inserts leads from the import source with their status, rejects unknown statuses and leaves converted leads untouched', async () => {
      const [before] = await db.query(`SELECT * FROM leads WHERE id = $1`, [convertedId]);
      const lines = ['EMAIL,first_name,last_name,company,phone,STATUS'];
      for (let i = 1; i <= 1500; i++) lines.push(`l${i}@${domain},Lead${i},L,Company ${i},,${['', 'new', 'Contacted', 'qualified', 'unqualified'][i % 5]}`);
      lines.push(`bad@${domain},Bad,Status,,,hot`);
      lines.push(`conv@${domain},Conv,Status,,,converted`);
      lines.push(`CONVERTED@${domain},Now,Different,Other Inc,,qualified`);
      const { summary, report } = await run('leads', lines);
      expect(summary).toMatchObject({ read: 1503, inserted: 1500, updated: 0, unchanged: 0, rejected: 3 });
      expect(report.slice(1).map((r) => [r[0], r[2]])).toEqual([
        ['1502', 'unknown status "hot" (one of new, contacted, qualified, unqualified)'],
        ['1503', 'status converted cannot be imported: convert the lead instead'],
        ['1504', `lead ${convertedId} is already converted: an import does not change converted leads`],
      ]);
      expect(await db.query(`SELECT * FROM leads WHERE id = $1`, [convertedId])).toEqual([before]);
      expect(
        await db.query(`SELECT status, count(*)::int AS n FROM leads WHERE email LIKE '%@leads.test' AND source = 'import' GROUP BY status ORDER BY status`),
      ).toEqual([
        { status: 'contacted', n: 300 },
        { status: 'new', n: 600 },
        { status: 'qualified', n: 300 },
        { status: 'unqualified', n: 300 },
      ]);
      expect(await events('crm.lead.created', domain)).toBe(1500);
      const [event] = await db.query(`SELECT envelope->'data' AS data FROM outbox WHERE envelope->'data'->>'email' = $1`, [`l1@${domain}`]);
      expect(event.data).toMatchObject({ email: `l1@${domain}`, firstName: 'Lead1', lastName: 'L', company: 'Company 1', source: 'import' });

      // Again, with one status moved on: one update, no event (there is no lead-updated contract).
      const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
      lines[1] = `l1@${domain},Lead1,L,Company 1,,qualified`;
      const again = await run('leads', lines);
      expect(again.summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 1499, rejected: 3 });
      expect((await db.query(`SELECT status, source FROM leads WHERE email = $1`, [`l1@${domain}`]))[0]).toEqual({ status: 'qualified', source: 'import' });
      expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(outboxBefore);
    });
  });

  it('rejects a row with a NUL character by itself instead of the database refusing its batch', async () => {
    const lines = ['email,first_name'];
    for (let i = 1; i <= 20; i++) lines.push(`n${i}@nul.test,${i === 7 ? 'Nu\u0000ll' : `N${i}`}`);
    const { summary, report } = await run('contacts', lines);
    expect(summary).toMatchObject({ read: 20, inserted: 19, rejected: 1 });
    expect(report.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['8', 'n7@nul.test', 'first_name contains a NUL character']]);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE email LIKE '%@nul.test'`)).toBe(19);
  });

  describe('unusable input', () => {
    it('refuses a header without a required column, naming it', async () => {
      await expect(run('contacts', 'mail,first_name\na@b.test,A\n')).rejects.toThrow(
        new UnusableInputError('the header has no email column (required for contacts; columns found: mail, first_name)'),
      );
      await expect(run('leads', 'first_name\nA\n')).rejects.toBeInstanceOf(UnusableInputError);
    });

    it('refuses an empty file', async () => {
      await expect(run('leads', '')).rejects.toThrow('the file is empty: a header row is required');
    });
  });

  it('reads the file no faster than it writes: the rows read ahead of the import stay bounded', async () => {
    let produced = 0;
    let ahead = 0;
    async function* file() {
      yield 'email,first_name\n';
      for (let i = 1; i <= 5000; i++) {
        produced++;
        yield `b${i}@backpressure.test,B${i}\n`;
      }
    }
    const summary = await importCsv({
      dataSource: db,
      type: 'leads',
      input: Readable.from(file()),
      batchSize: 100,
      progressIntervalMs: 0,
      onProgress: (p) => {
        ahead = Math.max(ahead, produced - p.read);
      },
    });
    expect(summary).toMatchObject({ read: 5000, inserted: 5000 });
    // The stream buffers (16 KB, 16 records) hold about 600 of these short
    // rows; a reader that did not wait for the database would be ~5000 ahead.
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThan(2000);
  });

  it('reports progress while it reads', async () => {
    const seen: { read: number; inserted: number }[] = [];
    const lines = ['email'];
    for (let i = 1; i <= 300; i++) lines.push(`g${i}@progress.test`);
    const { summary } = await run('leads', lines, {
      batchSize: 100,
      progressIntervalMs: 0,
      onProgress: (p) => seen.push({ read: p.read, inserted: p.inserted }),
    });
    expect(summary).toMatchObject({ read: 300, inserted: 300 });
    // With no interval, one report per row read, counting up: each made while the rest was still to read.
    expect(seen.map((p) => p.read)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // Each report also counts the batches of 100 written by then.
    expect(seen.map((p) => p.inserted)).toEqual(seen.map((p) => Math.floor(p.read / 100) * 100));
  });
});
