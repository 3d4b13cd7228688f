import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { Args, type ArgsOptions, ID } from '@nestjs/graphql';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { badUserInput, notFound } from './errors';

/**
 * Rules for resolver arguments. Input and args classes carry class-validator
 * rules on their fields; a scalar argument (an ID, a page size, a text, a
 * time) carries one of the ArgumentRule pipes below. At start-up a subgraph
 * refuses any argument that has neither (see resolver-arguments.ts).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid in its canonical text form: what every id of the platform is. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * A pipe that validates one scalar argument, or each item of a list: absent
 * values (null, or a nullable argument left out) pass, GraphQL has already
 * refused them where the argument is required. `check` returns the value the
 * resolver gets.
 */
export abstract class ArgumentRule<T = unknown> implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === undefined || value === null) return value;
    const name = metadata.data ?? 'value';
    if (!Array.isArray(value)) return this.check(value as T, name);
    const items = value.map((item) => this.check(item as T, name));
    return items.some((item) => item instanceof Promise) ? Promise.all(items) : items;
  }

  protected abstract check(value: T, name: string): unknown;
}

/**
 * An argument that names one record of `type` by a key of a known shape (a
 * uuid unless `shape` says otherwise). A value of another shape names no
 * record, so it is NOT_FOUND, as looking it up would be, without a query.
 */
export class RecordKey extends ArgumentRule<string> {
  constructor(
    readonly type: string,
    private readonly shape: RegExp = UUID,
    /** The parameter's position: unknown records are reported in parameter order. */
    private readonly position = 0,
  ) {
    super();
  }

  protected check(value: string, _name: string): Promise<string> | string {
    return typeof value === 'string' && this.shape.test(value) ? value : this.unknown(String(value));
  }

  private async unknown(value: string): Promise<never> {
    // The other arguments' rules answer first (BAD_USER_INPUT wins, as it did
    // when the service looked the id up after the input pipe), and of several
    // unknown ids the first parameter's: every rule settles within a turn.
    for (let turn = 0; turn <= this.position; turn++) await nextTurn();
    throw notFound(this.type, value);
  }
}

/**
 * An ID argument naming a record of `type` (schema type ID): a uuid, else
 * NOT_FOUND. `@IdArg('id', 'Customer') id: string`.
 */
export function IdArg(name: string, type: string, options: Omit<ArgsOptions, 'name' | 'type'> = {}): ParameterDecorator {
  return (target, key, index) => Args(name, { ...options, type: () => ID }, new RecordKey(type, UUID, index))(target, key as string, index);
}

/** An Int from `min` to `max`, e.g. a page size: BAD_USER_INPUT otherwise. */
export class IntRange extends ArgumentRule<number> {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super();
  }

  protected check(value: number, name: string): number {
    if (Number.isInteger(value) && value >= this.min && value <= this.max) return value;
    const rule = `must be between ${this.min} and ${this.max}`;
    throw badUserInput(`${name} ${rule}, got ${value}`, { [name]: [rule] });
  }
}

/** Free text, trimmed (the resolver gets the trimmed text), 1 to `max` characters: BAD_USER_INPUT otherwise. */
export class TextLength extends ArgumentRule<string> {
  constructor(readonly max: number) {
    super();
  }

  protected check(value: string, name: string): string {
    const text = String(value).trim();
    if (text.length >= 1 && text.length <= this.max) return text;
    const rule = `must be 1 to ${this.max} characters`;
    throw badUserInput(`${name} ${rule}`, { [name]: [rule] });
  }
}

/** A time from `earliest` to `latest` (both included); `range` says it in words. BAD_USER_INPUT otherwise. */
export class TimeRange extends ArgumentRule<Date> {
  constructor(
    readonly earliest: Date,
    readonly latest: Date,
    readonly range: string,
  ) {
    super();
  }

  protected check(value: Date, name: string): Date {
    const time = value instanceof Date ? value.getTime() : Number.NaN;
    if (time >= this.earliest.getTime() && time <= this.latest.getTime()) return value;
    const rule = `must be ${this.range}`;
    throw badUserInput(`${name} ${rule}`, { [name]: [rule] });
  }
}

/** Text of a fixed shape, e.g. a numeric id: `what` describes it. BAD_USER_INPUT otherwise. */
export class Pattern extends ArgumentRule<string> {
  constructor(
    readonly pattern: RegExp,
    readonly what: string,
  ) {
    super();
  }

  protected check(value: string, name: string): string {
    if (typeof value === 'string' && this.pattern.test(value)) return value;
    throw badUserInput(`${name} must be ${this.what}, got "${String(value)}"`, { [name]: [`must be ${this.what}`] });
  }
}

/** The class-validator constraint of IsRecordId; the input pipe turns its failures into NOT_FOUND. */
export const IS_RECORD_ID = 'isRecordId';

/**
 * class-validator rule for an ID field (of an input, args class or
 * federation reference) naming a record of `type`: a uuid, else NOT_FOUND
 * for that record once the other fields pass. Use @IsUUID instead where a
 * malformed id is a BAD_USER_INPUT.
 */
export function IsRecordId(type: string, options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_RECORD_ID,
      constraints: [type],
      validator: { validate: (value) => isUuid(value), defaultMessage: buildMessage((each) => `${each}$property must be the id of a ${type}`) },
    },
    { ...options, context: { recordType: type } },
  );
}
