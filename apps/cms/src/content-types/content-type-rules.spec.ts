import { type FieldDefinition, FieldKind } from '../shared/fields';
import { affectedEntries, definitionRefusal, incompatibleChange } from './content-type-rules';

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

const before = [field('title', FieldKind.TEXT, { required: true }), field('views', FieldKind.NUMBER)];
const saved = [
  { entryId: 'a', data: { title: 'One', views: 3 } },
  { entryId: 'b', data: { title: 'Two' } },
];

describe('type changes', () => {
  it('applies compatible changes: optional fields, required with a default, looser rules', () => {
    const after = [...before, field('summary', FieldKind.TEXT), field('tier', FieldKind.ENUM, { required: true, values: ['free'], defaultValue: 'free' })];
    expect(affectedEntries(after, saved, before)).toEqual([]);
  });

  it('refuses a kind change under data, naming only the entries holding a value', () => {
    const after = [before[0], field('views', FieldKind.TEXT)];
    expect(affectedEntries(after, saved, before)).toEqual([{ entryId: 'a', fields: { views: ['must be text'] } }]);
  });

  it('refuses a new required field without a default, naming every entry', () => {
    const affected = affectedEntries([...before, field('author', FieldKind.TEXT, { required: true })], saved, before);
    expect(affected.map((a) => a.entryId)).toEqual(['a', 'b']);
    const error = incompatibleChange('article', affected)!;
    expect(error.extensions.code).toBe('INCOMPATIBLE_TYPE_CHANGE');
    expect(error.message).toContain('would break 2 saved entries: a (author: is required), b (author: is required)');
  });

  it('refuses removing a field that holds data, and a unique rule over repeated values', () => {
    expect(affectedEntries([before[0]], saved, before)).toEqual([{ entryId: 'a', fields: { views: ['is not a field of this content type'] } }]);
    const twins = [...saved, { entryId: 'c', data: { title: 'One' } }];
    expect(affectedEntries([field('title', FieldKind.TEXT, { required: true, unique: true }), before[1]], twins, before).map((a) => a.entryId)).toEqual([
      'a',
      'c',
    ]);
  });

  it('has nothing to say when nothing breaks', () => {
    expect(incompatibleChange('article', [])).toBeUndefined();
    expect(definitionRefusal(before)).toBeUndefined();
    expect(definitionRefusal([field('x', FieldKind.ENUM)])?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'fields.x': ['an ENUM needs values'] },
    });
  });
});
