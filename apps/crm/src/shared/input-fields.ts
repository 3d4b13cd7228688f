import { Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsEmail, IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { inputField, type InputFieldOptions, NestedField, TextField, TextUpToField, trim } from '@platform/graphql';
import { WithinCalendar } from '../activities/calendar-range';
import { RecordSort } from './list-sort';

/**
 * crm's input-field rules, one decorator each (see @platform/graphql's
 * input-fields for the generic ones and the `optional` choices). Every
 * create and update input of crm declares these fields through them.
 */

/** Trims and lowercases (domains, emails compared case-insensitively keep their case elsewhere). */
export const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Digits, spaces, + ( ) . - / : what people type in a phone number. */
export const PHONE = /^\+?[0-9][0-9 ().\-/]{1,48}$/;

/** A host name such as acme.com: labels of letters, digits and hyphens. */
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A name of up to 200 characters: a customer's, a deal's, a company, a job title. */
export const NameField = (options: InputFieldOptions = {}) => TextField(200, options);

/** A first or last name, up to 100 characters; `mayBeEmpty`: "" is allowed (and clears it). */
export const PersonNameField = (options: InputFieldOptions & { mayBeEmpty?: boolean; isString?: boolean } = {}) =>
  options.mayBeEmpty ? TextUpToField(100, { ...options, trim: true }) : TextField(100, options);

/** A subject or title of 1 to 300 characters (activities, tasks, tickets). */
export const SubjectField = (options: InputFieldOptions = {}) => TextField(300, options);

/** Free text such as a body or a description, up to 20000 characters, kept as typed. */
export const NotesField = (options: InputFieldOptions = {}) => TextUpToField(20000, options);

/** A user id (an owner, an assignee): 1 to 200 characters, trimmed. */
export const UserIdField = (options: InputFieldOptions & { emptyMessage?: string } = {}) => TextField(200, options);

/** Free words a list is searched by, or a user id it is filtered by: up to 200 characters. */
export const FilterTextField = (options: InputFieldOptions & { isString?: boolean } = {}) => TextUpToField(200, { optional: true, ...options });

/** An email address, trimmed, up to 320 characters; `example` is the address the message suggests. */
export function EmailField(options: InputFieldOptions & { example: string }): PropertyDecorator {
  return inputField(
    () => String,
    options,
    Transform(trim),
    IsEmail({}, { message: `$property must be an email address such as ${options.example}` }),
    MaxLength(320),
  );
}

/** A phone number as people type it, trimmed. */
export function PhoneField(options: InputFieldOptions = {}): PropertyDecorator {
  return inputField(() => String, options, Transform(trim), Matches(PHONE, { message: '$property must be a phone number such as +44 20 7946 0000' }));
}

/** A web domain, trimmed and lowercased. */
export function DomainField(options: InputFieldOptions = {}): PropertyDecorator {
  return inputField(() => String, options, Transform(trimLower), Matches(DOMAIN, { message: '$property must be a host name such as acme.com' }));
}

/** A time crm stores: in years 1 to 9999. */
export function CalendarTimeField(options: InputFieldOptions = {}): PropertyDecorator {
  return (target, key) => inputField(() => Date, options, IsDate(), WithinCalendar(String(key)))(target, key);
}

/** A win probability in percent, 0 to 100. */
export function ProbabilityField(options: InputFieldOptions = {}): PropertyDecorator {
  return inputField(() => Int, { description: 'Win probability in percent, 0 to 100.', ...options }, IsInt(), Min(0), Max(100));
}

/** The order of a list of customers, contacts or leads. */
export const RecordSortInputField = () => NestedField(RecordSort, { optional: true, description: 'Oldest first unless given.' });
