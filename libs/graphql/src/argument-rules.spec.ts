import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsNotEmpty, IsUUID, ValidateIf } from 'class-validator';
import { IntRange, IsRecordId, isUuid, Pattern, RecordKey, TextLength, TimeRange } from './argument-rules';
import { validationPipe } from './input-pipe';

const ID = '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c';
const arg = (name: string, metatype: unknown = String): ArgumentMetadata => ({
  type: 3 as unknown as ArgumentMetadata['type'],
  data: name,
  metatype: metatype as ArgumentMetadata['metatype'],
});
const codeOf = async (run: () => unknown) => {
  try {
    await run();
    return 'passed';
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('argument rules', () => {
  it('isUuid: the canonical text form of any uuid, nothing else', () => {
    expect([ID, ID.toUpperCase()].every(isUuid)).toBe(true);
    expect([`${ID} `, ID.slice(1), "' OR 1=1 --", 42, null].some(isUuid)).toBe(false);
  });

  it('RecordKey: a well-formed key passes, anything else is NOT_FOUND naming the record, absent values pass', async () => {
    const rule = new RecordKey('Customer');
    expect(await rule.transform(ID, arg('id'))).toBe(ID);
    expect(rule.transform(null, arg('id'))).toBeNull();
    await expect(rule.transform("' OR 1=1 --", arg('id'))).rejects.toMatchObject({
      message: "Customer ' OR 1=1 -- does not exist",
      extensions: { code: 'NOT_FOUND', type: 'Customer' },
    });
    const apiId = new RecordKey('ContentType', /^[a-z][a-zA-Z0-9]{1,63}$/);
    expect(await apiId.transform('blogPost', arg('apiId'))).toBe('blogPost');
    await expect(apiId.transform('x'.repeat(65), arg('apiId'))).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND', type: 'ContentType' } });
  });

  it('a rule on a list argument holds each item to it', async () => {
    expect(await new RecordKey('Stage').transform([ID, ID], arg('stageIds'))).toEqual([ID, ID]);
    await expect(new RecordKey('Stage').transform([ID, 'nope'], arg('stageIds'))).rejects.toMatchObject({ message: 'Stage nope does not exist' });
    expect(() => new IntRange(1, 3).transform([1, 4], arg('sizes'))).toThrow('sizes must be between 1 and 3, got 4');
  });

  it('RecordKey: an unknown id answers after the other arguments fail, and the first parameter first', async () => {
    const order: string[] = [];
    const settle = (pipe: () => unknown) =>
      Promise.resolve()
        .then(pipe)
        .catch((err: Error) => order.push(err.message));
    // As Nest runs a resolver's parameters: all at once. The input pipe validating another argument rejects before an unknown id does.
    await Promise.all([
      settle(() => new RecordKey('Contact', undefined, 1).transform('second', arg('mergedId'))),
      settle(() => new RecordKey('Contact', undefined, 0).transform('first', arg('survivorId'))),
      settle(() => validationPipe.transform({ title: '' }, arg('input', Titled))),
    ]);
    expect(order).toEqual([expect.stringMatching(/^Invalid input: title/), 'Contact first does not exist', 'Contact second does not exist']);
  });

  it('IntRange: integers in range pass; anything else is BAD_USER_INPUT naming the argument and the value', async () => {
    const rule = new IntRange(1, 100);
    expect(rule.transform(100, arg('first'))).toBe(100);
    expect(() => rule.transform(101, arg('first'))).toThrow('first must be between 1 and 100, got 101');
    expect(await codeOf(() => rule.transform(0, arg('first')))).toBe('BAD_USER_INPUT');
    expect(() => rule.transform(0, arg('first'))).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: { first: ['must be between 1 and 100'] } } }),
    );
  });

  it('TextLength: trims, and refuses blank or overlong text', () => {
    const rule = new TextLength(5);
    expect(rule.transform('  hi  ', arg('message'))).toBe('hi');
    expect(() => rule.transform('   ', arg('message'))).toThrow('message must be 1 to 5 characters');
    expect(() => rule.transform('toolong', arg('message'))).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: { message: ['must be 1 to 5 characters'] } } }),
    );
  });

  it('TimeRange and Pattern', () => {
    const range = new TimeRange(new Date('2000-01-01T00:00:00Z'), new Date('2000-12-31T23:59:59.999Z'), 'in 2000');
    const inside = new Date('2000-06-01T00:00:00Z');
    expect(range.transform(inside, arg('from'))).toBe(inside);
    expect(range.transform(undefined, arg('from'))).toBeUndefined();
    expect(() => range.transform(new Date('2001-01-01T00:00:00Z'), arg('from'))).toThrow(
      expect.objectContaining({ message: 'from must be in 2000', extensions: { code: 'BAD_USER_INPUT', fields: { from: ['must be in 2000'] } } }),
    );
    const digits = new Pattern(/^\d{1,18}$/, 'the id of an audit entry');
    expect(digits.transform('42', arg('before'))).toBe('42');
    expect(() => digits.transform('4x', arg('before'))).toThrow('before must be the id of an audit entry, got "4x"');
  });
});

class Titled {
  @IsNotEmpty({ message: 'title must not be empty' })
  title: string;
}

class Enrolment {
  @IsUUID('all', { message: 'sequenceId must be a UUID' })
  sequenceId: string;

  @ValidateIf((_, id) => !!id)
  @IsRecordId('Contact')
  contactId?: string | null;

  @IsNotEmpty({ message: 'note must not be empty' })
  note: string;
}

describe('the input pipe and IsRecordId', () => {
  const validate = (value: object) => validationPipe.transform(value, arg('input', Enrolment));

  it('answers NOT_FOUND for a malformed record id once every other field passes', async () => {
    await expect(validate({ sequenceId: ID, contactId: 'nope', note: 'x' })).rejects.toMatchObject({
      message: 'Contact nope does not exist',
      extensions: { code: 'NOT_FOUND', type: 'Contact', id: 'nope' },
    });
  });

  it('answers BAD_USER_INPUT for the other fields first, without the record id among them', async () => {
    const error = await validate({ sequenceId: 'x', contactId: 'nope', note: '' }).catch((err: unknown) => err);
    expect(error).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { sequenceId: ['sequenceId must be a UUID'], note: ['note must not be empty'] } },
    });
  });

  it('passes a well-formed id, and an empty one where the field treats it as not given', async () => {
    await expect(validate({ sequenceId: ID, contactId: ID, note: 'x' })).resolves.toMatchObject({ contactId: ID });
    await expect(validate({ sequenceId: ID, contactId: '', note: 'x' })).resolves.toMatchObject({ contactId: '' });
  });
});
