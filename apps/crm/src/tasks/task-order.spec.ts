import { decodeDueCursor, encodeDueCursor } from './task-order';

const ID = '00000000-0000-4000-8000-000000000001';

describe('task due-date cursors', () => {
  it('round-trips a due time with microseconds as text, and a task without due date', () => {
    expect(decodeDueCursor('ASC', encodeDueCursor('ASC', '2026-01-01T10:00:00.123456Z', ID))).toEqual({ dueAt: '2026-01-01T10:00:00.123456Z', id: ID });
    expect(decodeDueCursor('DESC', encodeDueCursor('DESC', null, ID))).toEqual({ dueAt: null, id: ID });
    expect(decodeDueCursor('ASC', encodeDueCursor('ASC', new Date('2026-01-01T10:00:00.123Z'), ID))).toEqual({ dueAt: '2026-01-01T10:00:00.123Z', id: ID });
  });

  it.each([
    ['another direction', encodeDueCursor('DESC', null, ID)],
    ['garbage', 'garbage'],
    ['a bad id', encodeDueCursor('ASC', null, 'x')],
    ['a bad time', Buffer.from(JSON.stringify(['tasks.due.ASC', 'yesterday', ID])).toString('base64url')],
    ['a number for time', Buffer.from(JSON.stringify(['tasks.due.ASC', 5, ID])).toString('base64url')],
  ])('refuses %s with BAD_USER_INPUT', (_, cursor) => {
    expect(() => decodeDueCursor('ASC', cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});
