import { decodeCursor, encodeCursor, toConnection, toPage } from './pagination';

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
  ])(
    'rejects a malformed cursor %p with BAD_USER_INPUT',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    },
  );
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
