import { decodeCursor, encodeCursor, toConnection, toPage } from './pagination';

describe('cursors', () => {
  it('round-trips a keyset', () => {
    const keyset = { at: new Date('2026-01-02T03:04:05.678Z'), id: 'a-b' };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
  });

  it.each(['', 'not-base64!', Buffer.from('[1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
    'rejects a malformed cursor %p with BAD_USER_INPUT',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    },
  );
});

describe('toPage and toConnection', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, at: new Date(n * 1000) }));

  it('reports a next page when the extra row came back', () => {
    const connection = toConnection(toPage(rows, 2), (r) => r);
    expect(connection.nodes.map((n) => n.id)).toEqual(['id1', 'id2']);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(connection.pageInfo.endCursor ?? '')).toEqual({ at: rows[1].at, id: 'id2' });
  });

  it('ends on a short page', () => {
    const connection = toConnection(toPage(rows, 5), (r) => r);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges[2].cursor });
    expect(toConnection(toPage([], 5), (r: { id: string; at: Date }) => r).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
