import { describeLayout, type HeaderLayout, parseColumnMapping, readHeader, UnusableInputError } from './import-header';
import { importSources, normalizeName, sourceColumns } from './import-sources';

/** Field -> the header names it is read from, in order. */
const readFrom = (layout: HeaderLayout) => Object.fromEntries([...layout.columns].map(([field, at]) => [field, at.map((i) => layout.header[i])]));

describe('import header: other CRMs', () => {
  it('reads a HubSpot contacts export by its labels, a second email and phone as fallbacks, and lists what it ignores', () => {
    const header = [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Phone Number',
      'Company Name',
      'Job Title',
      'Lifecycle Stage',
      'Lead Status',
      'Mobile Phone Number',
      'Work email',
    ];
    const leads = readHeader('leads', header);
    expect(leads.sources).toEqual(['hubspot']);
    expect(leads.lenient).toBe(true);
    expect(readFrom(leads)).toEqual({
      email: ['Email', 'Work email'],
      first_name: ['First Name'],
      last_name: ['Last Name'],
      phone: ['Phone Number', 'Mobile Phone Number'],
      company: ['Company Name'],
      status: ['Lead Status'],
    });
    expect(leads.ignored).toEqual(['Record ID', 'Job Title', 'Lifecycle Stage']);
    // Contacts have a title and no company or status.
    const contacts = readHeader('contacts', header);
    expect(readFrom(contacts)).toMatchObject({ title: ['Job Title'] });
    expect(contacts.ignored).toEqual(['Record ID', 'Company Name', 'Lifecycle Stage', 'Lead Status']);
  });

  it('prefers the work address of a Pipedrive export whatever the column order, and takes the person name as a full name', () => {
    const layout = readHeader('contacts', [
      'Person - ID',
      'Person - Email - Other',
      'Person - Name',
      'Person - Email - Home',
      'Person - Email - Work',
      'Person - Phone - Mobile',
      'Person - Phone - Work',
      'Person - Organization',
    ]);
    expect(layout.sources).toEqual(['pipedrive']);
    expect(readFrom(layout)).toEqual({
      email: ['Person - Email - Work', 'Person - Email - Home', 'Person - Email - Other'],
      full_name: ['Person - Name'],
      phone: ['Person - Phone - Work', 'Person - Phone - Mobile'],
    });
    // A full name stands in for the first name contacts require.
    expect(() => readHeader('contacts', ['Person - Email - Work', 'Person - Phone - Work'])).toThrow('the header has no first_name column');
    expect(() => readHeader('contacts', ['Person - Email - Work', 'Person - Name'])).not.toThrow();
  });

  it('reads Salesforce Data Loader exports by their API names', () => {
    const layout = readHeader('leads', [
      'Id',
      'FirstName',
      'LastName',
      'Email',
      'Phone',
      'MobilePhone',
      'Title',
      'Company',
      'LeadSource',
      'Status',
      'IsConverted',
    ]);
    expect(layout.sources).toEqual(['salesforce']);
    expect(readFrom(layout)).toEqual({
      email: ['Email'],
      first_name: ['FirstName'],
      last_name: ['LastName'],
      phone: ['Phone', 'MobilePhone'],
      company: ['Company'],
      status: ['Status'],
      source: ['LeadSource'],
    });
  });

  it('reads a header that is as much Salesforce as Zoho with the columns of both, which never disagree', () => {
    const layout = readHeader('leads', ['Lead Owner', 'Company', 'First Name', 'Last Name', 'Email', 'Phone', 'Mobile', 'Lead Source', 'Lead Status']);
    expect(layout.sources).toEqual(['salesforce', 'zoho']);
    expect(readFrom(layout)).toMatchObject({ phone: ['Phone', 'Mobile'], status: ['Lead Status'], source: ['Lead Source'] });
    expect(describeLayout(layout)[0]).toBe('read as a Salesforce or Zoho CRM export');
  });

  it('takes a product column over our own name for the same field (HubSpot has a Status property that is not the lead status)', () => {
    const layout = readHeader('leads', ['Email', 'First Name', 'Phone Number', 'Status', 'Lead Status']);
    expect(layout.sources).toEqual(['hubspot']);
    expect(readFrom(layout)).toMatchObject({ status: ['Lead Status'] });
    expect(layout.ignored).toEqual(['Status']);
  });

  it('reads only the declared product’s columns with --source', () => {
    const header = ['Person - Name', 'Person - Email - Work', 'Email'];
    expect(readFrom(readHeader('leads', header))).toMatchObject({ email: ['Person - Email - Work'] });
    const asHubspot = readHeader('leads', header, { source: 'hubspot' });
    expect(asHubspot.sources).toEqual(['hubspot']);
    expect(readFrom(asHubspot)).toEqual({ email: ['Email'] });
    expect(asHubspot.ignored).toEqual(['Person - Name', 'Person - Email - Work']);
  });

  it('tells products apart by their record id columns', () => {
    expect(readHeader('leads', ['Record Id', 'First Name', 'Last Name', 'Email', 'Lead Source']).sources).toEqual(['zoho']);
    expect(readHeader('leads', ['Lead ID', 'First Name', 'Last Name', 'Email', 'Lead Source']).sources).toEqual(['salesforce']);
  });

  it('keeps our own layout strict: no product recognised, values outside ours are the file’s mistake', () => {
    const layout = readHeader('leads', ['email', 'Status', 'company']);
    expect(layout).toMatchObject({ sources: [], lenient: false });
    expect(describeLayout(layout)[0]).toBe('read with our own column names');
  });

  it('never has one column name mean two fields in two products', () => {
    const meaning = new Map<string, string>();
    for (const source of importSources) {
      for (const [field, aliases] of Object.entries(sourceColumns[source].columns)) {
        for (const alias of aliases) {
          const name = normalizeName(alias);
          expect(`${alias}: ${meaning.get(name) ?? field}`).toBe(`${alias}: ${field}`);
          meaning.set(name, field);
        }
      }
    }
  });
});

describe('import header: columns mapped by hand', () => {
  const header = ['E-mail Address', 'Given name', 'Surname', 'Email', 'Tel', 'Notes'];

  it('reads a mapped column whatever its case, before any alias, and ignores the alias column it displaces', () => {
    const layout = readHeader('contacts', header, {
      map: [
        { column: 'e-mail address', target: 'email' },
        { column: 'Given name', target: 'first_name' },
        { column: 'Surname', target: 'Last_Name' },
        { column: 'Tel', target: 'phone' },
      ],
    });
    expect(readFrom(layout)).toEqual({ email: ['E-mail Address'], first_name: ['Given name'], last_name: ['Surname'], phone: ['Tel'] });
    expect(layout.ignored).toEqual(['Email', 'Notes']);
    expect(layout.lenient).toBe(true);
  });

  it('maps a column to ignore, to keep it out of a field an alias would read it into', () => {
    const layout = readHeader('leads', ['Email', 'Work email', 'First Name'], { source: 'hubspot', map: [{ column: 'Work email', target: 'ignore' }] });
    expect(readFrom(layout)).toEqual({ email: ['Email'], first_name: ['First Name'] });
    expect(layout.ignored).toEqual(['Work email']);
  });

  it('refuses an unknown target, naming the fields of the type', () => {
    expect(() => readHeader('contacts', header, { map: [{ column: 'Notes', target: 'company' }] })).toThrow(
      new UnusableInputError(
        '--map "Notes=company": contacts have no field "company" (one of email, first_name, last_name, full_name, phone, title, customer_email, or ignore)',
      ),
    );
  });

  it('refuses two columns mapped to one field', () => {
    expect(() =>
      readHeader('contacts', header, {
        map: [
          { column: 'E-mail Address', target: 'email' },
          { column: 'Email', target: 'EMAIL' },
        ],
      }),
    ).toThrow(new UnusableInputError('--map reads two columns into email: "E-mail Address" and "Email" (map one of them, or the other to ignore)'));
  });

  it('refuses a mapped column the header does not have, or has twice, and one column mapped twice', () => {
    expect(() => readHeader('contacts', header, { map: [{ column: 'Mail', target: 'email' }] })).toThrow(
      '--map "Mail=email": the header has no column "Mail" (columns found: E-mail Address, Given name, Surname, Email, Tel, Notes)',
    );
    expect(() => readHeader('contacts', ['Mail', 'mail ', 'first_name'], { map: [{ column: 'Mail', target: 'email' }] })).toThrow(
      '--map "Mail=email": the header has 2 columns named "Mail" (columns 1 and 2)',
    );
    expect(() =>
      readHeader('contacts', header, {
        map: [
          { column: 'Tel', target: 'phone' },
          { column: 'tel', target: 'title' },
        ],
      }),
    ).toThrow('--map names column "tel" twice');
  });

  it('parses "Column=field", splitting at the last = since a column name may hold one', () => {
    expect(parseColumnMapping(' E-mail Address = email ')).toEqual({ column: 'E-mail Address', target: 'email' });
    expect(parseColumnMapping('a=b=phone')).toEqual({ column: 'a=b', target: 'phone' });
    expect(() => parseColumnMapping('email')).toThrow(new UnusableInputError('--map "email" is not of the form "Column name=field"'));
    expect(() => parseColumnMapping('=email')).toThrow(UnusableInputError);
    expect(() => parseColumnMapping('Email=')).toThrow(UnusableInputError);
  });

  it('describes where each field is read from', () => {
    const layout = readHeader('contacts', ['Person - Name', 'Person - Email - Work', 'Person - Email - Home', 'Person - Label']);
    expect(describeLayout(layout)).toEqual([
      'read as a Pipedrive export',
      '  email          <- "Person - Email - Work", then "Person - Email - Home"',
      '  full_name      <- "Person - Name" (split, where first and last name are blank)',
      'ignored columns: Person - Label',
    ]);
  });
});
