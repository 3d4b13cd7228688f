import { type ArgumentMetadata, type PipeTransform, ValidationPipe } from '@nestjs/common';
import { PARAM_ARGS_METADATA } from '@nestjs/graphql';
import type { ValidationError } from 'class-validator';
import { IS_RECORD_ID } from './argument-rules';
import { badUserInput, notFound } from './errors';

interface UnknownRecord {
  type: string;
  id: string;
}

/** The failing fields and their messages; ids that IsRecordId refused go to `unknown` instead. */
function flatten(errors: ValidationError[], unknown: UnknownRecord[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const { [IS_RECORD_ID]: recordId, ...constraints } = error.constraints ?? {};
    if (recordId !== undefined) unknown.push({ type: error.contexts?.[IS_RECORD_ID]?.recordType, id: String(error.value) });
    if (Object.keys(constraints).length) fields[path] = Object.values(constraints);
    Object.assign(fields, flatten(error.children ?? [], unknown, path));
  }
  return fields;
}

/** The first path in `value` (an argument, possibly nested) whose text holds a NUL character, which Postgres cannot store. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // Arguments are plain objects (graphql-js makes them without a prototype) and arrays; nothing else is input.
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === null || proto === Object.prototype || Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as object)) {
      const found = nulPath(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Turns class-validator failures into BAD_USER_INPUT with the failing fields
 * (a malformed IsRecordId id alone into NOT_FOUND), and refuses text with NUL
 * characters in any argument, DTO or plain scalar. Nest hands it GraphQL
 * arguments as 'body', typed by the parameter's class (which
 * typeArgumentsFromSchema makes the GraphQL one); parents, context and info
 * come as 'custom' and pass unvalidated.
 */
class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const isContext = !!value && typeof value === 'object' && 'loaders' in value;
    // Paths name fields the way class-validator does: inside an input object, without the argument's name.
    const path = isContext ? undefined : nulPath(value, typeof value === 'object' ? '' : (metadata.data ?? ''));
    if (path !== undefined)
      throw badUserInput(`Invalid input: ${path || 'value'} must not contain NUL (\\u0000) characters`, { [path || 'value']: ['contains a NUL character'] });
    return super.transform(value, metadata);
  }
}

export const validationPipe = new InputPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  exceptionFactory: (errors) => {
    const unknown: UnknownRecord[] = [];
    const fields = flatten(errors, unknown);
    // A malformed record id names no record: NOT_FOUND, once the other fields pass (as when the service looked it up).
    if (!Object.keys(fields).length && unknown.length) return notFound(unknown[0].type, unknown[0].id);
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    return badUserInput(`Invalid input: ${summary}`, fields);
  },
});

/**
 * Validates the reference a federation reference resolver resolves against
 * its parameter's class (e.g. IsRecordId on the key): pipes pass @Parent()
 * values through unchecked, as the parents of field resolvers are our own.
 */
export class ReferencePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata) {
    return validationPipe.transform(value, { ...metadata, type: 'body' });
  }
}

const referencePipe = new ReferencePipe();

/**
 * The representation a @ResolveReference method resolves, validated against
 * the parameter's class: `resolveReference(@Reference() reference:
 * CustomerReference, @Context() context: RequestContext)`.
 */
export function Reference(): ParameterDecorator {
  return (target, key, index) => {
    // What @Parent() records (the parent is GqlParamtype ROOT, 0), with the pipe @Parent() cannot take.
    const params = Reflect.getMetadata(PARAM_ARGS_METADATA, target.constructor, key as string) ?? {};
    Reflect.defineMetadata(
      PARAM_ARGS_METADATA,
      { ...params, [`0:${index}`]: { index, data: undefined, pipes: [referencePipe] } },
      target.constructor,
      key as string,
    );
  };
}
