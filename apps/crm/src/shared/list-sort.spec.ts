import { RecordSortDirection, RecordSortField, sortOrderFor } from './list-sort';

describe('sortOrderFor', () => {
  it('is oldest first by default', () => {
    expect(sortOrderFor('customer', 'c', 'lower(c.name)')).toEqual({
      tag: 'customer:CREATED_AT:ASC',
      expression: 'c.created_at',
      type: 'timestamptz',
      direction: 'ASC',
    });
  });

  it('sorts by the indexed name expression, and tags cursors with entity, field and direction', () => {
    expect(sortOrderFor('contact', 'x', 'lower(x.n)', { field: RecordSortField.NAME, direction: RecordSortDirection.DESC })).toEqual({
      tag: 'contact:NAME:DESC',
      expression: 'lower(x.n)',
      type: 'text',
      direction: 'DESC',
    });
    expect(sortOrderFor('lead', 'l', 'n', { field: RecordSortField.UPDATED_AT, direction: RecordSortDirection.ASC }).expression).toBe('l.updated_at');
  });
});
