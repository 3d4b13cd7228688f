import { readHeader, UnusableInputError } from './import-header';
import { emailOf, isEmail, splitName, validateRow } from './import-rows';

describe('import header', () => {
  it('finds columns by name whatever their case, order and surrounding blanks, and lists the ones it ignores', () => {
    const layout = readHeader('contacts', [' Last_Name', 'EMAIL', 'first_name ', 'Notes']);
    expect([...layout.columns]).toEqual([
      ['last_name', [0]],
      ['email', [1]],
      ['first_name', [2]],
    ]);
    expect(layout).toMatchObject({ width: 4, ignored: ['Notes'] });
  });

  it('refuses a header without a required column, naming every missing one', () => {
    expect(() => readHeader('contacts', ['phone'])).toThrow(
      new UnusableInputError('the header has no email, first_name columns (required for contacts; columns found: phone)'),
    );
    expect(() => readHeader('leads', ['first_name'])).toThrow('the header has no email column');
    expect(() => readHeader('leads', ['email'])).not.toThrow();
  });

  it('refuses a column named twice', () => {
    expect(() => readHeader('leads', ['email', 'Email'])).toThrow('the header names column "email" twice (columns 1 and 2)');
  });
});

describe('import row validation', () => {
  const contacts = readHeader('contacts', ['email', 'first_name', 'last_name', 'phone', 'title', 'customer_email']);
  const leads = readHeader('leads', ['email', 'first_name', 'last_name', 'company', 'phone', 'status']);
  const reason = (result: ReturnType<typeof validateRow>) => (result.ok ? 'ok' : result.reason);

  it('trims cells and turns blank ones into null (an import never clears a field)', () => {
    expect(validateRow(contacts, ['  ann@example.test ', ' Ann ', '', ' ', 'CTO', ''])).toEqual({
      ok: true,
      row: { email: 'ann@example.test', firstName: 'Ann', lastName: null, phone: null, title: 'CTO', customerEmail: null },
      leftOut: [],
    });
  });

  it('checks the email syntax of email and customer_email', () => {
    expect(reason(validateRow(contacts, ['ann', 'Ann', '', '', '', '']))).toBe('email "ann" is not an email address');
    expect(reason(validateRow(contacts, ['ann@example', 'Ann', '', '', '', '']))).toBe('email "ann@example" is not an email address');
    expect(reason(validateRow(contacts, ['a b@example.test', 'Ann', '', '', '', '']))).toBe('email "a b@example.test" is not an email address');
    expect(reason(validateRow(contacts, ['ann@example.test', 'Ann', '', '', '', 'acme']))).toBe('customer_email "acme" is not an email address');
    expect(isEmail('first.last+tag@sub.example.co.uk')).toBe(true);
    expect(isEmail('a@b@c.test')).toBe(false);
    expect(isEmail('ann@example.test; bob@example.test')).toBe(false);
  });

  it('requires email, and first_name for contacts', () => {
    expect(reason(validateRow(contacts, ['', '', '', '', '', '']))).toBe('email is required; first_name is required');
    expect(reason(validateRow(leads, ['lee@example.test', '', '', '', '', '']))).toBe('ok');
  });

  it('refuses a cell with a NUL character, which Postgres text cannot hold', () => {
    expect(reason(validateRow(contacts, ['ann@example.test', 'A\u0000nn', '', '', '', '']))).toBe('first_name contains a NUL character');
    expect(reason(validateRow(leads, ['lee@example.test', '', '', 'Acme\u0000', '', '']))).toBe('company contains a NUL character');
  });

  it('counts length in characters as Postgres does, so letters outside the basic plane fit up to the limit', () => {
    expect(reason(validateRow(contacts, ['ann@example.test', '😀'.repeat(100), '', '', '', '']))).toBe('ok');
    expect(reason(validateRow(contacts, ['ann@example.test', '😀'.repeat(101), '', '', '', '']))).toBe('first_name is longer than 100 characters');
  });

  it('applies the length limits of the table checks, at the limit and one past it', () => {
    const at = (n: number) => 'x'.repeat(n);
    expect(reason(validateRow(contacts, ['ann@example.test', at(100), at(100), at(50), at(200), '']))).toBe('ok');
    expect(reason(validateRow(contacts, ['ann@example.test', at(101), at(101), at(51), at(201), '']))).toBe(
      'first_name is longer than 100 characters; last_name is longer than 100 characters; phone is longer than 50 characters; title is longer than 200 characters',
    );
    expect(reason(validateRow(leads, ['lee@example.test', '', '', at(201), '', '']))).toBe('company is longer than 200 characters');
    const longEmail = `${at(310)}@example.test`;
    expect(reason(validateRow(leads, [longEmail, '', '', '', '', '']))).toBe('email is longer than 320 characters');
  });

  it('accepts lead statuses in any case, defaults to none, and refuses converted and unknown ones', () => {
    expect(validateRow(leads, ['lee@example.test', 'Lee', '', 'Initech', '', 'Qualified'])).toEqual({
      ok: true,
      row: { email: 'lee@example.test', firstName: 'Lee', lastName: null, company: 'Initech', phone: null, status: 'qualified', source: null },
      leftOut: [],
    });
    expect(validateRow(leads, ['lee@example.test', '', '', '', '', ''])).toMatchObject({ ok: true, row: { status: null } });
    expect(reason(validateRow(leads, ['lee@example.test', '', '', '', '', 'converted']))).toBe('status converted cannot be imported: convert the lead instead');
    expect(reason(validateRow(leads, ['lee@example.test', '', '', '', '', 'hot']))).toBe(
      'unknown status "hot" (one of new, contacted, qualified, unqualified)',
    );
  });

  it('refuses a row with more or fewer cells than the header', () => {
    expect(reason(validateRow(leads, ['lee@example.test']))).toBe('expected 6 columns as in the header, found 1');
    expect(reason(validateRow(leads, ['lee@example.test', '', '', '', '', '', 'extra']))).toBe('expected 6 columns as in the header, found 7');
  });

  it('ignores a missing optional column', () => {
    const minimal = readHeader('leads', ['email']);
    expect(validateRow(minimal, ['lee@example.test'])).toEqual({
      ok: true,
      row: { email: 'lee@example.test', firstName: null, lastName: null, company: null, phone: null, status: null, source: null },
      leftOut: [],
    });
  });
});

describe('import rows from other CRMs', () => {
  const reason = (result: ReturnType<typeof validateRow>) => (result.ok ? 'ok' : result.reason);

  it('reads each field from its first non-empty column, work address first', () => {
    const pipedrive = readHeader('leads', [
      'Person - Name',
      'Person - Email - Home',
      'Person - Email - Work',
      'Person - Phone - Mobile',
      'Person - Phone - Work',
    ]);
    expect(validateRow(pipedrive, ['Ada King', 'ada@home.test', 'ada@work.test', '+44 7700', '+44 20'])).toMatchObject({
      ok: true,
      row: { email: 'ada@work.test', phone: '+44 20' },
    });
    expect(validateRow(pipedrive, ['Ada King', 'ada@home.test', ' ', '+44 7700', ''])).toMatchObject({
      ok: true,
      row: { email: 'ada@home.test', phone: '+44 7700' },
    });
    expect(emailOf(pipedrive, ['Ada King', 'ada@home.test', '', '', ''])).toBe('ada@home.test');
    expect(reason(validateRow(pipedrive, ['Ada King', '', '', '', '']))).toBe('email is required');
  });

  it('splits a full name where the row has no first or last name', () => {
    expect(splitName('Ada King')).toEqual({ first: 'Ada', last: 'King' });
    expect(splitName('Ludwig  van Beethoven')).toEqual({ first: 'Ludwig', last: 'van Beethoven' });
    expect(splitName('King, Ada')).toEqual({ first: 'Ada', last: 'King' });
    expect(splitName('Cher')).toEqual({ first: 'Cher', last: null });
    const layout = readHeader('contacts', ['Person - Name', 'Person - First name', 'Person - Last name', 'Person - Email - Work']);
    expect(validateRow(layout, ['Ada King', '', '', 'ada@work.test'])).toMatchObject({ ok: true, row: { firstName: 'Ada', lastName: 'King' } });
    expect(validateRow(layout, ['Ada King', 'Augusta Ada', '', 'ada@work.test'])).toMatchObject({
      ok: true,
      row: { firstName: 'Augusta Ada', lastName: null },
    });
    expect(reason(validateRow(layout, ['', '', '', 'ada@work.test']))).toBe('first_name is required');
    expect(reason(validateRow(layout, [`${'x'.repeat(101)} King`, '', '', 'ada@work.test']))).toBe('first_name is longer than 100 characters');
  });

  it('maps statuses and sources whose meaning is plain, and leaves the others out with a note', () => {
    const layout = readHeader('leads', ['Email', 'First Name', 'Last Name', 'Company / Account', 'Lead Status', 'Lead Source']);
    const row = (status: string, source = '') => validateRow(layout, ['lee@example.test', 'Lee', 'Chan', 'Initech', status, source]);
    expect(row('Open - Not Contacted', 'Web')).toMatchObject({ ok: true, row: { status: 'new', source: 'web_form', company: 'Initech' }, leftOut: [] });
    expect(row('Working - Contacted', 'Web Download')).toMatchObject({ ok: true, row: { status: 'contacted', source: 'content_download' } });
    expect(row('ATTEMPTED_TO_CONTACT')).toMatchObject({ ok: true, row: { status: 'contacted', source: null } });
    expect(row('Closed - Not Converted')).toMatchObject({ ok: true, row: { status: 'unqualified' } });
    expect(row('Bad Timing', 'Trade Show')).toEqual({
      ok: true,
      row: { email: 'lee@example.test', firstName: 'Lee', lastName: 'Chan', company: 'Initech', phone: null, status: null, source: null },
      leftOut: [
        { field: 'status', column: 'Lead Status', value: 'Bad Timing' },
        { field: 'source', column: 'Lead Source', value: 'Trade Show' },
      ],
    });
    expect(reason(row('Closed - Converted'))).toBe('status "Closed - Converted" (converted) cannot be imported: convert the lead instead');
  });

  it('rejects a source outside ours in our own layout, as a mistake in the file', () => {
    const layout = readHeader('leads', ['email', 'source']);
    expect(validateRow(layout, ['lee@example.test', 'Web_Form'])).toMatchObject({ ok: true, row: { source: 'web_form' } });
    expect(reason(validateRow(layout, ['lee@example.test', 'fax']))).toBe('unknown source "fax" (one of web_form, import, manual, content_download)');
  });
});
