import { bigintText, date, defineRow, defineTable, int, oneOf, returnedRows, type RowOf, text, timestamptz, uuid } from './table';

enum Status {
  OPEN = 'open',
  WON = 'won',
}

const things = defineTable('things', 't', {
  id: uuid(),
  name: text(),
  amountMinor: bigintText(),
  dueOn: date('due_date').nullable(),
  status: oneOf(Status),
  quantity: int(),
  currency: text('o.currency'),
  createdAt: timestamptz(),
});

const raw = {
  id: '5d2a3c1e-0000-4000-8000-000000000001',
  name: 'A',
  amountMinor: '9007199254740993',
  dueOn: null,
  status: 'won',
  quantity: 3,
  currency: 'EUR',
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  rn: '1',
};

describe('defineTable', () => {
  it('selects each column under its row key: snake_case by default, a name given, a joined table, bigint as text, a date as YYYY-MM-DD', () => {
    expect(things.columns).toBe(
      `t.id AS "id", t.name AS "name", t.amount_minor::text AS "amountMinor", to_char(t.due_date, 'YYYY-MM-DD') AS "dueOn", t.status AS "status", ` +
        `t.quantity AS "quantity", o.currency AS "currency", t.created_at AS "createdAt"`,
    );
    expect(things.columnsAs('things')).toMatch(/^things\.id AS "id", things\.name AS "name", things\.amount_minor::text/);
  });

  it('reads a driver row as the typed row, leaving out keys it does not define', () => {
    const row: RowOf<typeof things> = things.read(raw);
    expect(row).toEqual({ ...raw, rn: undefined, status: Status.WON });
    expect(Object.keys(row)).not.toContain('rn');
  });

  it.each([
    ['a null in a column that is not nullable', { name: null }, /things\.name is null/],
    ['a value of another type', { quantity: '3' }, /things\.quantity: expected a number, got string/],
    ['a value outside the enum', { status: 'lost' }, /things\.status: unexpected value lost/],
    ['a timestamp that is not a Date', { createdAt: '2026-01-02' }, /things\.createdAt: expected a Date/],
  ])('refuses %s, naming the column', (_, change, message) => {
    expect(() => things.read({ ...raw, ...change })).toThrow(message);
  });

  it('reads the rows of a SELECT and of an UPDATE ... RETURNING alike', async () => {
    const select = { query: async () => [raw] };
    const update = { query: async () => [[raw], 1] };
    const none = { query: async () => [[], 0] };
    expect(await things.many(select, 'SELECT')).toHaveLength(1);
    expect((await things.one(update, 'UPDATE'))?.amountMinor).toBe('9007199254740993');
    expect(await things.one(none, 'UPDATE')).toBeUndefined();
  });
});

describe('defineRow', () => {
  it("reads an aggregate query's rows by the same column rules, naming the query in errors", async () => {
    const totals = defineRow('totals', { currency: text(), deals: int(), amountMinor: bigintText() });
    const db = { query: async () => [{ currency: 'EUR', deals: 2, amountMinor: '150' }] };
    expect(await totals.many(db, 'SELECT')).toEqual([{ currency: 'EUR', deals: 2, amountMinor: '150' }]);
    expect(() => totals.read({ currency: 'EUR', deals: null, amountMinor: '1' })).toThrow(/totals\.deals is null/);
  });
});

describe('returnedRows', () => {
  it('unwraps [rows, count] and passes plain rows through', () => {
    expect(returnedRows([[{ a: 1 }], 1])).toEqual([{ a: 1 }]);
    expect(returnedRows([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(returnedRows([])).toEqual([]);
  });

  it('refuses an answer that is not rows', () => {
    expect(() => returnedRows(undefined)).toThrow(/expected rows/);
  });
});
