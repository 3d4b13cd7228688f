import { applyDecorators, type Type as Class } from '@nestjs/common';
import { Field, ID, type ReturnTypeFunc } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsDateString, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsRecordId } from './argument-rules';
import { trim } from './input-transforms';

/**
 * One decorator per input-field rule: the GraphQL field and its
 * class-validator and class-transformer decorators together, so every input
 * that takes such a field declares it, its nullability and its messages the
 * same way. Messages name the field through class-validator's `$property`.
 */

export interface InputFieldOptions {
  description?: string;
  /**
   * Left out: required (non-null in the schema) and always checked.
   * true: nullable; null or leaving it out skips the rules (null clears it or takes the default).
   * 'not-null': nullable so it can be left out (an update leaves the field as it is), but a null is checked, and refused, like any value.
   */
  optional?: true | 'not-null';
}

/**
 * The GraphQL field, its presence rule and `rules`, applied exactly as if
 * written above the property in this order (the last one first, as
 * TypeScript applies stacked decorators), so a field lists its messages in
 * the order the same stacked decorators gave.
 */
export function inputField(type: ReturnTypeFunc, options: InputFieldOptions, ...rules: PropertyDecorator[]): PropertyDecorator {
  const { description, optional } = options;
  const decorators: PropertyDecorator[] = [Field(type, { nullable: !!optional, ...(description === undefined ? {} : { description }) })];
  if (optional === true) decorators.push(IsOptional());
  if (optional === 'not-null') decorators.push(ValidateIf((_, value) => value !== undefined));
  return applyDecorators(...[...decorators, ...rules].reverse());
}

/** Trimmed text of 1 to `max` characters; `emptyMessage` replaces "<field> must not be empty". */
export function TextField(max: number, options: InputFieldOptions & { emptyMessage?: string } = {}): PropertyDecorator {
  return inputField(() => String, options, Transform(trim), IsNotEmpty({ message: options.emptyMessage ?? '$property must not be empty' }), MaxLength(max));
}

/** Text of up to `max` characters, empty allowed; trimmed when `trim` is set, and checked to be a string (IsString) when `isString` is. */
export function TextUpToField(max: number, options: InputFieldOptions & { trim?: boolean; isString?: boolean } = {}): PropertyDecorator {
  return inputField(() => String, options, ...(options.trim ? [Transform(trim)] : []), ...(options.isString ? [IsString()] : []), MaxLength(max));
}

/** An ID that must be a uuid (BAD_USER_INPUT otherwise): "<field> must be `mustBe`", 'a UUID' unless given. */
export function UuidField(options: InputFieldOptions & { mustBe?: string } = {}): PropertyDecorator {
  return inputField(() => ID, options, IsUUID('all', { message: `$property must be ${options.mustBe ?? 'a UUID'}` }));
}

/** An ID naming a record of `type`: a uuid, else NOT_FOUND for that record (see IsRecordId). */
export function RecordIdField(type: string, options: InputFieldOptions = {}): PropertyDecorator {
  return inputField(() => ID, options, IsRecordId(type));
}

/**
 * A nested input (`list`: a list of them), validated field by field: `rules`
 * (e.g. the list's size) come first.
 */
export function NestedField(type: Class<unknown>, options: InputFieldOptions & { list?: boolean } = {}, ...rules: PropertyDecorator[]): PropertyDecorator {
  const each = !!options.list;
  return inputField(
    () => (each ? [type] : type),
    options,
    ...rules,
    ValidateNested(each ? { each } : undefined),
    Type(() => type),
  );
}

/** One of the values of a GraphQL enum; `message` replaces class-validator's. */
export function EnumField(enumType: object, options: InputFieldOptions & { message?: string } = {}): PropertyDecorator {
  return inputField(() => enumType, options, IsEnum(enumType, options.message === undefined ? undefined : { message: options.message }));
}

/** A calendar date written YYYY-MM-DD. */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as text, YYYY-MM-DD: "<field> must be a date YYYY-MM-DD" otherwise. */
export function DateField(options: InputFieldOptions = {}): PropertyDecorator {
  const message = '$property must be a date YYYY-MM-DD';
  return inputField(() => String, options, Matches(CALENDAR_DATE, { message }), IsDateString({ strict: true }, { message }));
}
