import 'reflect-metadata';
import { InputType } from '@nestjs/graphql';
import { DateField, EnumField, NestedField, RecordIdField, TextField, TextUpToField, UuidField } from './input-fields';
import { validationPipe } from './input-pipe';

enum Colour {
  RED = 'RED',
}

@InputType()
class Inner {
  @TextField(5)
  label: string;
}

@InputType()
class Probe {
  @TextField(5)
  name: string;

  @TextField(5, { optional: true, emptyMessage: '$property should not be empty' })
  owner?: string | null;

  @TextField(5, { optional: 'not-null' })
  title?: string;

  @TextUpToField(5, { optional: true, trim: true })
  note?: string | null;

  @UuidField({ optional: true, mustBe: 'a customer id' })
  customerId?: string | null;

  @RecordIdField('Deal', { optional: true })
  dealId?: string | null;

  @EnumField(Colour, { optional: 'not-null', message: 'colour must be RED' })
  colour?: Colour;

  @DateField({ optional: true })
  due?: string | null;

  @NestedField(Inner, { list: true, optional: true })
  inners?: Inner[] | null;
}

const body = { type: 'body' as const, metatype: Probe, data: 'input' };
const check = async (value: object): Promise<{ fields?: Record<string, string[]>; code?: string } | Probe> => {
  try {
    return (await validationPipe.transform({ name: 'ok', ...value }, body)) as Probe;
  } catch (err) {
    return (err as { extensions: { fields?: Record<string, string[]>; code?: string } }).extensions;
  }
};

describe('input-field decorators', () => {
  it('trim text and name the field in their messages', async () => {
    expect(await check({ name: '  Ada  ', note: ' hi ' })).toMatchObject({ name: 'Ada', note: 'hi' });
    expect(await check({ name: '   ' })).toEqual({ code: 'BAD_USER_INPUT', fields: { name: ['name must not be empty'] } });
    expect(await check({ name: 'toolong' })).toMatchObject({ fields: { name: ['name must be shorter than or equal to 5 characters'] } });
    expect(await check({ owner: '' })).toMatchObject({ fields: { owner: ['owner should not be empty'] } });
    expect(await check({ customerId: 'x', due: '2026-02-30' })).toMatchObject({
      fields: { customerId: ['customerId must be a customer id'], due: ['due must be a date YYYY-MM-DD'] },
    });
  });

  it("optional: true lets null through; 'not-null' only leaving the field out", async () => {
    expect(await check({ owner: null, note: null, customerId: null, due: null })).toMatchObject({ name: 'ok' });
    expect(await check({})).toMatchObject({ name: 'ok' });
    expect(await check({ title: null, colour: null })).toMatchObject({ fields: { colour: ['colour must be RED'] } });
    // Messages come as they would from the same decorators stacked above the property (MaxLength below IsNotEmpty reports first).
    expect(await check({ title: null })).toMatchObject({
      fields: { title: ['title must be shorter than or equal to 5 characters', 'title must not be empty'] },
    });
  });

  it('validate nested inputs and answer NOT_FOUND for a malformed record id', async () => {
    expect(await check({ inners: [{ label: '' }] })).toMatchObject({ fields: { 'inners.0.label': ['label must not be empty'] } });
    expect(await check({ dealId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
