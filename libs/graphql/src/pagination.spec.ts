import { decodeCursor, decodeSortCursor, encodeCursor, encodeSortCursor, type SortOrder, toConnection, toPage, toSortedConnection } from './pagination';

describe('cursors', () => {
  it('round-trips a keyset', () => {
    const keyset = { at: new Date('2026-01-02T03:04:05.678Z'), id: '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c' };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
  });

  const crafted = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
  it.each([
    '',
    'not-base64!',
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
    crafted('2020-01-01T00:00:00.000Z', "' OR 1=1 --"),
    crafted('-200000-01-01T00:00:00.000Z', '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c'),
  ])('rejects a malformed cursor %p with BAD_USER_INPUT', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});

describe('toPage and toConnection', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8${n}`, at: new Date(n * 1000) }));

  it('reports a next page when the extra row came back', () => {
    const connection = toConnection(toPage(rows, 2), (r) => r);
    expect(connection.nodes.map((n) => n.id)).toEqual([rows[0].id, rows[1].id]);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(connection.pageInfo.endCursor ?? '')).toEqual({ at: rows[1].at, id: rows[1].id });
  });

  it('ends on a short page', () => {
    const connection = toConnection(toPage(rows, 5), (r) => r);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges[2].cursor });
    expect(toConnection(toPage([], 5), (r: { id: string; at: Date }) => r).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('sort cursors', () => {
  const byName: SortOrder = { tag: 'name', expression: 'lower(c.name)', type: 'text', direction: 'ASC' };
  const byAmount: SortOrder = { tag: 'amount', expression: 'd.amount_minor', type: 'bigint', direction: 'DESC' };
  const byDate: SortOrder = { tag: 'due', expression: 't.due_at', type: 'timestamptz', direction: 'ASC' };
  const id = '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c';

  it('round-trips a value and id for the order that made it', () => {
    expect(decodeSortCursor(byName, encodeSortCursor(byName, "o'brien", id))).toEqual({ value: "o'brien", id });
    expect(decodeSortCursor(byAmount, encodeSortCursor(byAmount, '125000', id))).toEqual({ value: '125000', id });
    expect(decodeSortCursor(byDate, encodeSortCursor(byDate, new Date('2026-05-01T10:00:00.000Z'), id))).toEqual({ value: '2026-05-01T10:00:00.000Z', id });
    expect(decodeSortCursor(byDate, encodeSortCursor(byDate, '2026-05-01T10:00:00.123456Z', id))).toEqual({ value: '2026-05-01T10:00:00.123456Z', id });
    expect(decodeSortCursor(byDate, encodeSortCursor(byDate, '2028-02-29', id))).toEqual({ value: '2028-02-29', id });
    expect(decodeSortCursor(byDate, encodeSortCursor(byDate, '9999-12-31', id))).toEqual({ value: '9999-12-31', id });
  });

  it.each([
    ['a cursor of another sort order', byAmount, encodeSortCursor(byName, 'acme', id)],
    ['a number that is not one', byAmount, Buffer.from(JSON.stringify(['amount', '1; DROP TABLE deals', id])).toString('base64url')],
    ['a fraction for a bigint', byAmount, Buffer.from(JSON.stringify(['amount', '1.5', id])).toString('base64url')],
    ['a number past the bigint range', byAmount, Buffer.from(JSON.stringify(['amount', '9223372036854775808', id])).toString('base64url')],
    ['a number for a time', byDate, Buffer.from(JSON.stringify(['due', '0', id])).toString('base64url')],
    ['a day past the end of its month', byDate, Buffer.from(JSON.stringify(['due', '2026-02-30', id])).toString('base64url')],
    ['an hour past the end of the day', byDate, Buffer.from(JSON.stringify(['due', '2026-02-01T24:30:00.000Z', id])).toString('base64url')],
    ['a date that is not one', byDate, Buffer.from(JSON.stringify(['due', 'yesterday', id])).toString('base64url')],
    ['an id that is not a uuid', byName, Buffer.from(JSON.stringify(['name', 'acme', "' OR 1=1"])).toString('base64url')],
    ['garbage', byName, 'garbage'],
  ])('refuses %s with BAD_USER_INPUT', (_case, sort, cursor) => {
    expect(() => decodeSortCursor(sort, cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('builds the connection from the nodes sort values', () => {
    const page = toPage(
      [
        { id, name: 'b' },
        { id: id.replace('c', 'd'), name: 'c' },
        { id, name: 'z' },
      ],
      2,
    );
    const connection = toSortedConnection(
      page,
      byName,
      (n) => n.name,
      (n) => n.id,
    );
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(decodeSortCursor(byName, connection.pageInfo.endCursor!)).toEqual({ value: 'c', id: id.replace('c', 'd') });
  });
});
