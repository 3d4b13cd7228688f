import { changedFields, checkData, definitionProblems, type FieldDefinition, FieldKind, withDefaults } from './fields';

const field = (apiId: string, kind: FieldKind, more: Partial<FieldDefinition> = {}): FieldDefinition => ({
  apiId,
  name: apiId,
  kind,
  required: false,
  unique: false,
  minLength: null,
  maxLength: null,
  min: null,
  max: null,
  values: null,
  referenceType: null,
  itemKind: null,
  defaultValue: null,
  ...more,
});
const AUTHOR = '0b0e1e44-8c5a-4e8e-9a55-1d6f3c1c2a10';

describe('checkData', () => {
  const fields = [
    field('title', FieldKind.TEXT, { required: true, minLength: 3, maxLength: 10 }),
    field('rating', FieldKind.NUMBER, { min: 1, max: 5 }),
    field('tier', FieldKind.ENUM, { values: ['free', 'pro'] }),
    field('author', FieldKind.REFERENCE, { referenceType: 'author' }),
    field('tags', FieldKind.LIST, { itemKind: FieldKind.SLUG, maxLength: 2 }),
    field('published', FieldKind.BOOLEAN),
    field('on', FieldKind.DATE),
  ];

  it('accepts data that fits and collects what it references', () => {
    const check = checkData(fields, { title: 'Hello', rating: 4, tier: 'pro', author: AUTHOR, tags: ['a-b'], published: true, on: '2026-01-02' });
    expect(check.problems).toEqual({});
    expect(check.references).toEqual([{ field: 'author', id: AUTHOR, type: 'author' }]);
  });

  it('names every field that breaks a rule', () => {
    const check = checkData(fields, {
      title: 'Hi',
      rating: 9,
      tier: 'gold',
      author: 'nope',
      tags: ['A B', 'x', 'y'],
      published: 'yes',
      on: 'tomorrow',
      extra: 1,
    });
    expect(check.problems).toEqual({
      title: ['must be at least 3 characters'],
      rating: ['must be at most 5'],
      tier: ['must be one of free, pro'],
      author: ['must be the id of a author entry'],
      tags: ['must have at most 2 items', 'item 0 must be a slug: lowercase letters, digits and single hyphens'],
      published: ['must be true or false'],
      on: ['must be a date YYYY-MM-DD or an ISO 8601 time'],
      extra: ['is not a field of this content type'],
    });
  });

  it('requires required fields unless they have a default', () => {
    expect(checkData(fields, {}).problems).toEqual({ title: ['is required'] });
    const defaulted = [field('title', FieldKind.TEXT, { required: true, defaultValue: 'Untitled' })];
    expect(checkData(defaulted, {}).problems).toEqual({});
    expect(withDefaults(defaulted, {})).toEqual({ title: 'Untitled' });
  });

  it('refuses data that is not an object', () => {
    expect(checkData(fields, [1]).problems).toEqual({ data: ['must be an object of field values'] });
  });
});

describe('definitionProblems', () => {
  it('refuses incomplete and contradictory definitions', () => {
    expect(
      definitionProblems([
        field('a', FieldKind.ENUM),
        field('b', FieldKind.REFERENCE),
        field('c', FieldKind.LIST),
        field('d', FieldKind.TEXT, { minLength: 5, maxLength: 2 }),
        field('d', FieldKind.NUMBER, { defaultValue: 'x' }),
      ]),
    ).toEqual({
      a: ['an ENUM needs values'],
      b: ['a REFERENCE needs a referenceType'],
      c: ['a LIST needs an itemKind other than LIST'],
      d: ['minLength must not exceed maxLength', 'is defined twice', 'defaultValue must be a number'],
    });
    expect(definitionProblems([field('title', FieldKind.TEXT, { required: true, defaultValue: 'x' })])).toEqual({});
  });
});

describe('changedFields', () => {
  it('lists the fields whose values differ', () => {
    expect(changedFields(null, { a: 1 })).toEqual(['a']);
    expect(changedFields({ a: 1, b: { x: 1 } }, { a: 1, b: { x: 2 }, c: null })).toEqual(['b']);
    expect(changedFields({ z: 1, a: { p: 1, q: 2 } }, { a: { q: 2, p: 1 }, z: 2, m: 'new' })).toEqual(['m', 'z']);
  });
});
