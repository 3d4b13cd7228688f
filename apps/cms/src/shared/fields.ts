import { richTextProblems } from './rich-text';

/** What a field of a content type holds. */
export enum FieldKind {
  TEXT = 'TEXT',
  RICH_TEXT = 'RICH_TEXT',
  NUMBER = 'NUMBER',
  BOOLEAN = 'BOOLEAN',
  DATE = 'DATE',
  SLUG = 'SLUG',
  ENUM = 'ENUM',
  /** The id of an entry of `referenceType`. */
  REFERENCE = 'REFERENCE',
  /** The id of an uploaded asset. */
  ASSET = 'ASSET',
  /** A list of `itemKind` values; minLength/maxLength bound its size. */
  LIST = 'LIST',
}

/** A field of a content type, as stored with the type. */
export interface FieldDefinition {
  apiId: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  unique: boolean;
  minLength: number | null;
  maxLength: number | null;
  min: number | null;
  max: number | null;
  /** ENUM (or a LIST of ENUM): the allowed values. */
  values: string[] | null;
  /** REFERENCE (or a LIST of them): the apiId of the content type referenced. */
  referenceType: string | null;
  /** LIST: the kind of its items. */
  itemKind: FieldKind | null;
  /** Used where an entry has no value: what lets a required field be added to a type with entries. */
  defaultValue: unknown;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE_VALUE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Text fields without a maxLength still have one: an entry is not a file store. */
export const TEXT_LIMIT = 50_000;

/** What a field's value points at, checked against the database by the entries area. */
export interface ValueLinks {
  references: { field: string; id: string; type: string }[];
  assets: { field: string; id: string }[];
}

export interface DataCheck extends ValueLinks {
  /** Problems by field apiId; empty when the data fits the type. */
  problems: Record<string, string[]>;
}

function checkItem(field: FieldDefinition, kind: FieldKind, value: unknown, path: string, links: ValueLinks): string[] {
  switch (kind) {
    case FieldKind.TEXT: {
      if (typeof value !== 'string') return ['must be text'];
      const problems: string[] = [];
      if (field.minLength !== null && value.length < field.minLength) problems.push(`must be at least ${field.minLength} characters`);
      if (value.length > (field.maxLength ?? TEXT_LIMIT)) problems.push(`must be at most ${field.maxLength ?? TEXT_LIMIT} characters`);
      return problems;
    }
    case FieldKind.RICH_TEXT:
      return richTextProblems(value).map((p) => `must be a rich text document (${p})`);
    case FieldKind.NUMBER: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return ['must be a number'];
      const problems: string[] = [];
      if (field.min !== null && value < field.min) problems.push(`must be at least ${field.min}`);
      if (field.max !== null && value > field.max) problems.push(`must be at most ${field.max}`);
      return problems;
    }
    case FieldKind.BOOLEAN:
      return typeof value === 'boolean' ? [] : ['must be true or false'];
    case FieldKind.DATE:
      return typeof value === 'string' && DATE_VALUE.test(value) && !Number.isNaN(Date.parse(value)) ? [] : ['must be a date YYYY-MM-DD or an ISO 8601 time'];
    case FieldKind.SLUG:
      return typeof value === 'string' && SLUG.test(value) && value.length <= 200 ? [] : ['must be a slug: lowercase letters, digits and single hyphens'];
    case FieldKind.ENUM:
      return typeof value === 'string' && (field.values ?? []).includes(value) ? [] : [`must be one of ${(field.values ?? []).join(', ')}`];
    case FieldKind.REFERENCE:
      if (typeof value !== 'string' || !UUID.test(value)) return [`must be the id of a ${field.referenceType} entry`];
      links.references.push({ field: path, id: value, type: field.referenceType ?? '' });
      return [];
    case FieldKind.ASSET:
      if (typeof value !== 'string' || !UUID.test(value)) return ['must be the id of an asset'];
      links.assets.push({ field: path, id: value });
      return [];
    case FieldKind.LIST:
      return ['lists cannot hold lists'];
  }
}

function checkValue(field: FieldDefinition, value: unknown, links: ValueLinks): string[] {
  if (field.kind !== FieldKind.LIST) return checkItem(field, field.kind, value, field.apiId, links);
  if (!Array.isArray(value)) return ['must be a list'];
  const problems: string[] = [];
  if (field.minLength !== null && value.length < field.minLength) problems.push(`must have at least ${field.minLength} items`);
  if (value.length > (field.maxLength ?? 1000)) problems.push(`must have at most ${field.maxLength ?? 1000} items`);
  value.forEach((item, i) => {
    for (const p of checkItem({ ...field, minLength: null, maxLength: null }, field.itemKind ?? FieldKind.TEXT, item, `${field.apiId}.${i}`, links)) {
      problems.push(`item ${i} ${p}`);
    }
  });
  return problems;
}

const isMissing = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Checks entry data against a type's fields: every field's kind and rules,
 * required fields present (or defaulted), no field the type does not have.
 * The same check decides whether a type change is compatible with the
 * entries already saved.
 */
export function checkData(fields: readonly FieldDefinition[], data: unknown): DataCheck {
  const links: ValueLinks = { references: [], assets: [] };
  const problems: Record<string, string[]> = {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ...links, problems: { data: ['must be an object of field values'] } };
  const values = data as Record<string, unknown>;
  const known = new Set(fields.map((f) => f.apiId));
  for (const key of Object.keys(values)) {
    if (!known.has(key) && !isMissing(values[key])) problems[key] = ['is not a field of this content type'];
  }
  for (const field of fields) {
    const value = values[field.apiId];
    if (isMissing(value)) {
      if (field.required && isMissing(field.defaultValue)) problems[field.apiId] = ['is required'];
      continue;
    }
    const found = checkValue(field, value, links);
    if (found.length) problems[field.apiId] = found;
  }
  return { ...links, problems };
}

/** The data with each missing value replaced by its field's default: what delivery serves. */
export function withDefaults(fields: readonly FieldDefinition[], data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = data[field.apiId];
    out[field.apiId] = isMissing(value) ? (field.defaultValue ?? null) : value;
  }
  return out;
}

/** The apiIds whose values differ between two versions' data, sorted (stored data does not keep key order). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => canonical((before ?? {})[k] ?? null) !== canonical(after[k] ?? null)).sort();
}

/** JSON with object keys sorted: two equal values read back from jsonb compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** Why a set of field definitions is not a valid content type, by field apiId; empty when it is. */
export function definitionProblems(fields: readonly FieldDefinition[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (key: string, p: string) => (problems[key] ??= []).push(p);
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.apiId)) add(f.apiId, 'is defined twice');
    seen.add(f.apiId);
    const itemKind = f.kind === FieldKind.LIST ? f.itemKind : f.kind;
    if (f.kind === FieldKind.LIST && (!f.itemKind || f.itemKind === FieldKind.LIST)) add(f.apiId, 'a LIST needs an itemKind other than LIST');
    if (itemKind === FieldKind.ENUM && !(f.values && f.values.length)) add(f.apiId, 'an ENUM needs values');
    if (itemKind === FieldKind.REFERENCE && !f.referenceType) add(f.apiId, 'a REFERENCE needs a referenceType');
    if (f.minLength !== null && f.maxLength !== null && f.minLength > f.maxLength) add(f.apiId, 'minLength must not exceed maxLength');
    if (f.min !== null && f.max !== null && f.min > f.max) add(f.apiId, 'min must not exceed max');
    if (f.unique && f.kind === FieldKind.LIST) add(f.apiId, 'a LIST cannot be unique');
    if (f.unique && (f.kind === FieldKind.RICH_TEXT || f.kind === FieldKind.BOOLEAN)) add(f.apiId, `a ${f.kind} field cannot be unique`);
    if (!isMissing(f.defaultValue)) {
      const found = checkValue(f, f.defaultValue, { references: [], assets: [] });
      if (found.length) add(f.apiId, `defaultValue ${found.join(', ')}`);
      if (f.unique) add(f.apiId, 'a unique field cannot have a default');
      if (itemKind === FieldKind.REFERENCE || itemKind === FieldKind.ASSET) add(f.apiId, 'references and assets cannot have a default');
    }
  }
  return problems;
}
