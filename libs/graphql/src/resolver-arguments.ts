import type { Type } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import {
  ARGS_TYPE_METADATA,
  CLASS_TYPE_METADATA,
  PARAM_ARGS_METADATA,
  RESOLVER_NAME_METADATA,
  RESOLVER_PROPERTY_METADATA,
  RESOLVER_REFERENCE_METADATA,
  RESOLVER_TYPE_METADATA,
  TypeMetadataStorage,
} from '@nestjs/graphql';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { GraphQLID, isEnumType, isScalarType } from 'graphql';
import { ArgumentRule, IS_RECORD_ID } from './argument-rules';
import { ReferencePipe } from './input-pipe';

/**
 * Every resolver argument is validated at the edge. The input pipe validates
 * an argument against the class Nest hands it as the parameter's type, and
 * skips Object, Date and primitives (ValidationPipe.toValidate). Nest takes
 * that type from design:paramtypes, where swc writes Object for `X | null`:
 * such an argument would reach the resolver unchecked. So:
 *
 * - typeArgumentsFromSchema() gives each input or args class argument the
 *   class its GraphQL declaration (`@Args(..., { type })`) names, before Nest
 *   reads the parameter types;
 * - unvalidatedArguments() lists what no rule would validate: a scalar
 *   argument without an ArgumentRule pipe, an input or args class with a
 *   field lacking class-validator rules (or an ID field without a uuid rule),
 *   a list of inputs as an argument, a federation reference (or the parent
 *   of a field added to an entity another subgraph owns, which is the
 *   gateway's representation) taken without @Reference() and a class with
 *   rules. A subgraph refuses to start while the list is not empty.
 */

// Keys of PARAM_ARGS_METADATA are `${GqlParamtype}:${index}` (@nestjs/graphql's GqlParamtype, not exported): ROOT is 0, ARGS 3.
const ROOT = '0:';
const ARGS = '3:';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

interface ParamMetadata {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** One @Args parameter of a resolver method, as @nestjs/graphql recorded it. */
export interface ResolverArgument {
  resolver: Type<unknown>;
  method: string;
  index: number;
  /** `@Args('name')`; undefined for a whole `@Args()` class. */
  name?: string;
  /** The type GraphQL declares: the explicit `type` option (lists unwrapped), else the reflected one. */
  type: unknown;
  list: boolean;
  /** What design:paramtypes says, i.e. the metatype Nest hands the pipes. */
  reflected: unknown;
  pipes: unknown[];
}

const paramsOf = (resolver: Type<unknown>, method: string): Record<string, ParamMetadata> => Reflect.getMetadata(PARAM_ARGS_METADATA, resolver, method) ?? {};

function methodsOf(resolver: Type<unknown>): string[] {
  const names = new Set<string>();
  for (let proto = resolver.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto))
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') names.add(name);
  }
  return [...names];
}

/** The @Args parameters of every method of `resolver`. */
export function resolverArguments(resolver: Type<unknown>): ResolverArgument[] {
  const found: ResolverArgument[] = [];
  for (const method of methodsOf(resolver)) {
    const declared: { index: number; typeFn?: () => unknown }[] = Reflect.getMetadata(ARGS_TYPE_METADATA, resolver, method) ?? [];
    const reflected: unknown[] = Reflect.getMetadata('design:paramtypes', resolver.prototype, method) ?? [];
    for (const [key, param] of Object.entries(paramsOf(resolver, method))) {
      if (!key.startsWith(ARGS)) continue;
      let type = declared.find((d) => d.index === param.index)?.typeFn?.() ?? reflected[param.index];
      let list = false;
      while (Array.isArray(type)) {
        list = true;
        type = type[0];
      }
      found.push({
        resolver,
        method,
        index: param.index,
        name: typeof param.data === 'string' ? param.data : undefined,
        type,
        list,
        reflected: reflected[param.index],
        pipes: param.pipes ?? [],
      });
    }
  }
  return found.sort((a, b) => a.method.localeCompare(b.method) || a.index - b.index);
}

/** The resolver classes among the providers of a Nest application's modules. */
export function resolversIn(modules: ModulesContainer): Type<unknown>[] {
  const resolvers = new Set<Type<unknown>>();
  for (const module of modules.values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as Type<unknown> | null;
      if (!wrapper.isNotMetatype && typeof type === 'function' && Reflect.hasMetadata(RESOLVER_TYPE_METADATA, type)) resolvers.add(type);
    }
  }
  return [...resolvers];
}

/** 'inputType' for @InputType, 'args' for @ArgsType classes (@nestjs/graphql's ClassType). */
const classKind = (type: unknown): string | undefined => (typeof type === 'function' ? Reflect.getMetadata(CLASS_TYPE_METADATA, type) : undefined);
const isInputClass = (type: unknown): type is Type<unknown> => classKind(type) === 'inputType' || classKind(type) === 'args';
const nameOf = (type: unknown): string => (typeof type === 'function' ? type.name : ((type as { name?: string })?.name ?? String(type)));

/**
 * Makes the metatype Nest hands the input pipe the class the GraphQL
 * declaration names, for every argument typed by an input or args class.
 * Runs before Nest reads parameter types (when it explores the resolvers).
 */
export function typeArgumentsFromSchema(resolvers: Type<unknown>[]): void {
  for (const resolver of resolvers) {
    for (const argument of resolverArguments(resolver)) {
      if (argument.list || !isInputClass(argument.type) || argument.reflected === argument.type) continue;
      const types: unknown[] = [...(Reflect.getMetadata('design:paramtypes', resolver.prototype, argument.method) ?? [])];
      types[argument.index] = argument.type;
      Reflect.defineMetadata('design:paramtypes', types, resolver.prototype, argument.method);
    }
  }
}

interface FieldMetadata {
  name: string;
  typeFn: () => unknown;
}

/** The GraphQL fields of an input or args class and of the classes it extends (once the schema is built). */
function fieldsOf(type: Type<unknown>): FieldMetadata[] | undefined {
  const fields: FieldMetadata[] = [];
  let known = false;
  for (let target = type; target && target !== Function.prototype; target = Object.getPrototypeOf(target)) {
    const metadata = TypeMetadataStorage.getInputTypeMetadataByTarget(target) ?? TypeMetadataStorage.getArgumentsMetadataByTarget(target);
    if (!metadata?.properties) continue;
    known = true;
    for (const field of metadata.properties) if (!fields.some((f) => f.name === field.name)) fields.push(field);
  }
  return known ? fields : undefined;
}

// class-transformer's @Type metadata: without it a nested input stays a plain object, which class-validator passes unchecked.
const transformerTypes: { findTypeMetadata(target: Type<unknown>, property: string): unknown } =
  require('class-transformer/cjs/storage').defaultMetadataStorage;

const NOT_A_RULE = new Set<string>([ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.WHITELIST]);
const ID_RULES = new Set(['isUuid', IS_RECORD_ID]);

function validationOf(type: Type<unknown>): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
}

/** What keeps the fields of an input or args class (and the inputs it nests) from being validated. */
function classProblems(type: Type<unknown>, seen: Set<unknown>): string[] {
  if (seen.has(type)) return [];
  seen.add(type);
  const fields = fieldsOf(type);
  if (!fields) return [`${type.name}: no GraphQL fields known (not an @InputType or @ArgsType of this schema)`];
  const rules = validationOf(type);
  const problems: string[] = [];
  for (const field of fields) {
    const own = rules.filter((rule) => rule.propertyName === field.name && !NOT_A_RULE.has(rule.type));
    const where = `${type.name}.${field.name}`;
    if (!own.length) {
      problems.push(`${where} has no class-validator rule (the input pipe would pass anything, and whitelist drops it)`);
      continue;
    }
    let fieldType = field.typeFn();
    while (Array.isArray(fieldType)) fieldType = fieldType[0];
    if (fieldType === GraphQLID && !own.some((rule) => ID_RULES.has(rule.name ?? ''))) {
      problems.push(`${where} is an ID without @IsUUID or @IsRecordId`);
    }
    if (isInputClass(fieldType)) {
      if (!own.some((rule) => rule.type === ValidationTypes.NESTED_VALIDATION)) problems.push(`${where} nests ${fieldType.name} without @ValidateNested()`);
      if (!transformerTypes.findTypeMetadata(type, field.name)) problems.push(`${where} nests ${fieldType.name} without @Type(() => ${fieldType.name})`);
      problems.push(...classProblems(fieldType, seen));
    }
  }
  return problems;
}

/** A scalar argument's type in words: ID, Int, String, DateTime, ... */
const scalarName = (type: unknown) => (isScalarType(type) ? type.name : nameOf(type));

/** Closed sets GraphQL itself enforces: nothing else to check. */
const isClosed = (type: unknown) => type === Boolean || isEnumType(type) || (!!type && typeof type === 'object' && !isScalarType(type));

function argumentProblems(argument: ResolverArgument, seen: Set<unknown>): string[] {
  const where = `${argument.resolver.name}.${argument.method}(${argument.name ?? '@Args()'})`;
  const { type } = argument;
  if (isInputClass(type)) {
    if (argument.list) return [`${where}: a list of ${type.name} (the input pipe validates one object): put the list in an @ArgsType class`];
    const problems: string[] = [];
    if (argument.reflected !== type)
      problems.push(`${where}: the input pipe would see ${nameOf(argument.reflected)} instead of ${type.name} and validate nothing`);
    return [...problems, ...classProblems(type, seen).map((problem) => `${where}: ${problem}`)];
  }
  if (!argument.name) return [`${where}: a whole @Args() of ${nameOf(type)}, not an @ArgsType class`];
  if (isClosed(type)) return [];
  if (!argument.pipes.some((pipe) => pipe instanceof ArgumentRule)) {
    return [
      `${where}: a ${scalarName(type)} argument without a rule: give it an ArgumentRule pipe (IdArg, PAGE_SIZE, TextLength, ...) or move it into an @ArgsType class`,
    ];
  }
  return [];
}

/**
 * A federation reference resolver, and a field resolver on an entity this
 * subgraph only extends (its parent is the representation the gateway sent),
 * must take the reference as `@Reference() reference: SomeReference`, a class
 * with class-validator rules.
 */
function referenceProblems(resolver: Type<unknown>, method: string, extended: ReadonlySet<string>): string[] {
  const handler = resolver.prototype[method];
  const extension = extended.has(Reflect.getMetadata(RESOLVER_NAME_METADATA, resolver)) && !!Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, handler);
  if (!Reflect.getMetadata(RESOLVER_REFERENCE_METADATA, handler) && !extension) return [];
  const where = `${resolver.name}.${method}(${extension ? 'parent' : 'reference'})`;
  const root = Object.entries(paramsOf(resolver, method)).find(([key]) => key.startsWith(ROOT))?.[1];
  const type = root ? (Reflect.getMetadata('design:paramtypes', resolver.prototype, method) ?? [])[root.index] : undefined;
  if (!root?.pipes?.some((pipe) => pipe instanceof ReferencePipe) || typeof type !== 'function' || [Object, String, Number, Boolean, Array].includes(type)) {
    return [`${where}: take the reference as @Reference() typed by a class with class-validator rules (e.g. IsRecordId on its key)`];
  }
  return validationOf(type).some((rule) => !NOT_A_RULE.has(rule.type)) ? [] : [`${where}: ${type.name} has no class-validator rules`];
}

/**
 * Every resolver argument (and reference) of `resolvers` that no rule would
 * validate, described; empty when all are. `extendedEntities`: the entities
 * the subgraph adds fields to without owning them.
 */
export function unvalidatedArguments(resolvers: Type<unknown>[], extendedEntities: Type<unknown>[] = []): string[] {
  const extended = new Set(extendedEntities.map((entity) => entity.name));
  const problems: string[] = [];
  for (const resolver of resolvers) {
    const seen = new Set<unknown>();
    for (const argument of resolverArguments(resolver)) problems.push(...argumentProblems(argument, seen));
    for (const method of methodsOf(resolver)) problems.push(...referenceProblems(resolver, method, extended));
  }
  return [...new Set(problems)];
}
