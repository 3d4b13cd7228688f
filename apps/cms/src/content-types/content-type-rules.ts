import { badUserInput, DomainError } from '@platform/graphql';
import { checkData, definitionProblems, type FieldDefinition } from '../shared/fields';
import { CmsErrorCode } from '../shared/cms-error-codes';

/** A saved version of an entry (its draft or its live one) that a type change must not break. */
export interface SavedData {
  entryId: string;
  data: Record<string, unknown>;
}

export interface AffectedEntry {
  entryId: string;
  fields: Record<string, string[]>;
}

/** The field definitions themselves refused: BAD_USER_INPUT naming `fields.<apiId>`. */
export function definitionRefusal(fields: readonly FieldDefinition[]): DomainError | undefined {
  const problems = definitionProblems(fields);
  const keys = Object.keys(problems);
  if (!keys.length) return undefined;
  return badUserInput(
    `The fields are not a valid content type: ${keys.map((k) => `${k} (${problems[k].join('; ')})`).join(', ')}`,
    Object.fromEntries(keys.map((k) => [`fields.${k}`, problems[k]])),
  );
}

/**
 * The entries whose saved data the new fields would not accept: a kind
 * changed under a value, a new required field without a default, a removed
 * field that holds data, a tighter rule a value breaks, or a field made
 * unique over values that repeat. The same check that guards a save decides,
 * so "compatible" means exactly "every saved version still validates".
 */
export function affectedEntries(fields: readonly FieldDefinition[], saved: readonly SavedData[], previous: readonly FieldDefinition[]): AffectedEntry[] {
  const byEntry = new Map<string, Record<string, string[]>>();
  const add = (entryId: string, field: string, problems: string[]) => {
    const entry = byEntry.get(entryId) ?? {};
    entry[field] = [...new Set([...(entry[field] ?? []), ...problems])];
    byEntry.set(entryId, entry);
  };
  for (const version of saved) {
    for (const [field, problems] of Object.entries(checkData(fields, version.data).problems)) add(version.entryId, field, problems);
  }
  const wasUnique = new Set(previous.filter((f) => f.unique).map((f) => f.apiId));
  for (const field of fields.filter((f) => f.unique && !wasUnique.has(f.apiId))) {
    const holders = new Map<string, Set<string>>();
    for (const version of saved) {
      const value = version.data[field.apiId];
      if (value === undefined || value === null) continue;
      const key = JSON.stringify(value);
      holders.set(key, (holders.get(key) ?? new Set()).add(version.entryId));
    }
    for (const entries of holders.values()) if (entries.size > 1) for (const id of entries) add(id, field.apiId, ['holds a value another entry holds too']);
  }
  return [...byEntry.entries()].map(([entryId, problems]) => ({ entryId, fields: problems }));
}

/** INCOMPATIBLE_TYPE_CHANGE naming the entries (the first ten in the message, all in extensions.entries). */
export function incompatibleChange(apiId: string, affected: readonly AffectedEntry[]): DomainError | undefined {
  if (!affected.length) return undefined;
  const named = affected
    .slice(0, 10)
    .map(
      (a) =>
        `${a.entryId} (${Object.entries(a.fields)
          .map(([f, p]) => `${f}: ${p.join('; ')}`)
          .join(', ')})`,
    )
    .join(', ');
  return new DomainError(
    CmsErrorCode.IncompatibleTypeChange,
    `Changing ${apiId} this way would break ${affected.length} saved ${affected.length === 1 ? 'entry' : 'entries'}: ${named}${affected.length > 10 ? ', ...' : ''}. Give a new required field a default, change those entries first, or add a new field instead of changing a kind`,
    { entries: affected },
  );
}
