import { type ImportField, type ImportSource, importSources, normalizeName, sourceColumns } from './import-sources';

export type ImportType = 'contacts' | 'leads';

/** Fields each import type reads, in the order they are described. */
export const importFields: Record<ImportType, readonly ImportField[]> = {
  contacts: ['email', 'first_name', 'last_name', 'full_name', 'phone', 'title', 'customer_email'],
  leads: ['email', 'first_name', 'last_name', 'full_name', 'company', 'phone', 'status', 'source'],
};

/** A `--map` target that reads a column into nothing (one an alias would otherwise pick). */
export const IGNORE = 'ignore';

/** A column named by hand: `--map "E-mail Address=email"`. */
export interface ColumnMapping {
  column: string;
  target: string;
}

export class UnusableInputError extends Error {}

/** Where each field is read from; unknown columns are ignored. */
export interface HeaderLayout {
  type: ImportType;
  /** Field -> the columns it is read from; the first non-empty cell of a row wins. */
  columns: Map<ImportField, number[]>;
  header: string[];
  width: number;
  ignored: string[];
  /** The products whose export this header is (declared, or the best match of its columns); empty for our own layout. */
  sources: ImportSource[];
  /**
   * Values come from another CRM (a product's export, or columns mapped by
   * hand): a status or source with no counterpart here is left out with a
   * note. In our own layout it rejects the row, as a mistake in the file.
   */
  lenient: boolean;
}

export interface HeaderOptions {
  /** Read the file as this product's export; without it the product is recognised from the header. */
  source?: ImportSource;
  map?: readonly ColumnMapping[];
}

/** `"E-mail Address=email"` -> a mapping; the last `=` separates, as a column name may hold one. */
export function parseColumnMapping(spec: string): ColumnMapping {
  const at = spec.lastIndexOf('=');
  const column = spec.slice(0, at).trim();
  const target = spec.slice(at + 1).trim();
  if (at < 0 || !column || !target) throw new UnusableInputError(`--map "${spec}" is not of the form "Column name=field"`);
  return { column, target };
}

/**
 * Resolves a header row. Per field, the columns named by hand (`map`) come
 * first and alone; else the product's columns that the header holds,
 * preferred first; else our own column name. Refuses, before any row is read:
 * a mapping to an unknown field, two mappings to one field, a mapped column
 * the header lacks, our own column name twice, and a header without email
 * (or, for contacts, without a first or full name).
 */
export function readHeader(type: ImportType, header: string[], options: HeaderOptions = {}): HeaderLayout {
  const fields = importFields[type];
  const names = header.map(normalizeName);
  const taken = new Set<number>();
  const columns = new Map<ImportField, number[]>();

  // By hand.
  const byHand = new Map<string, string>();
  for (const { column, target } of options.map ?? []) {
    const field = target.trim().toLowerCase();
    if (field !== IGNORE && !(fields as readonly string[]).includes(field)) {
      throw new UnusableInputError(`--map "${column}=${target}": ${type} have no field "${target}" (one of ${fields.join(', ')}, or ${IGNORE})`);
    }
    const at = names.flatMap((n, i) => (n === normalizeName(column) ? [i] : []));
    if (!at.length) throw new UnusableInputError(`--map "${column}=${target}": the header has no column "${column}" (columns found: ${header.join(', ')})`);
    if (at.length > 1)
      throw new UnusableInputError(
        `--map "${column}=${target}": the header has ${at.length} columns named "${column}" (columns ${at.map((i) => i + 1).join(' and ')})`,
      );
    if (taken.has(at[0])) throw new UnusableInputError(`--map names column "${column}" twice`);
    if (field !== IGNORE) {
      const earlier = byHand.get(field);
      if (earlier !== undefined)
        throw new UnusableInputError(`--map reads two columns into ${field}: "${earlier}" and "${column}" (map one of them, or the other to ${IGNORE})`);
      byHand.set(field, column);
      columns.set(field as ImportField, [at[0]]);
    }
    taken.add(at[0]);
  }

  // A product's export: the declared one, or the products most of whose columns the header holds.
  const own = new Set<string>(fields);
  const sources = options.source ? [options.source] : recognise(names.filter((n, i) => !taken.has(i) && !own.has(n)));
  const aliased = new Map<ImportField, { at: number; rank: number }[]>();
  for (const source of sources) {
    for (const [field, aliases] of Object.entries(sourceColumns[source].columns) as [ImportField, string[]][]) {
      if (!fields.includes(field) || columns.has(field)) continue;
      aliases.forEach((alias, rank) => {
        names.forEach((n, at) => {
          if (n !== normalizeName(alias) || taken.has(at)) return;
          const list = aliased.get(field) ?? [];
          if (!list.some((c) => c.at === at)) list.push({ at, rank });
          aliased.set(field, list);
        });
      });
    }
  }
  for (const [field, list] of aliased) {
    const ordered = list.sort((a, b) => a.rank - b.rank || a.at - b.at).map((c) => c.at);
    columns.set(field, ordered);
    ordered.forEach((at) => taken.add(at));
  }

  // Our own names, for the fields still unset.
  const ownAt = new Map<ImportField, number>();
  names.forEach((name, i) => {
    if (taken.has(i) || !own.has(name)) return;
    const field = name as ImportField;
    const earlier = ownAt.get(field);
    if (earlier !== undefined) throw new UnusableInputError(`the header names column "${name}" twice (columns ${earlier + 1} and ${i + 1})`);
    ownAt.set(field, i);
  });
  for (const [field, at] of ownAt) {
    if (columns.has(field)) continue;
    columns.set(field, [at]);
    taken.add(at);
  }

  const missing = ['email', ...(type === 'contacts' && !columns.has('full_name') ? ['first_name'] : [])].filter((f) => !columns.has(f as ImportField));
  if (missing.length) {
    throw new UnusableInputError(
      `the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (required for ${type}; columns found: ${header.join(', ') || 'none'})`,
    );
  }
  const read = new Set([...columns.values()].flat());
  return {
    type,
    columns,
    header,
    width: header.length,
    ignored: header.filter((_, i) => !read.has(i)),
    sources,
    lenient: sources.length > 0 || byHand.size > 0,
  };
}

/** The products with the most of their columns among `names`; none when no product column is there. */
function recognise(names: string[]): ImportSource[] {
  const score = (source: ImportSource) => {
    const { columns, markers } = sourceColumns[source];
    const known = new Set([...Object.values(columns).flat(), ...markers].map(normalizeName));
    return names.filter((n) => known.has(n)).length;
  };
  const scores = importSources.map((source) => ({ source, n: score(source) }));
  const best = Math.max(...scores.map((s) => s.n));
  return best ? scores.filter((s) => s.n === best).map((s) => s.source) : [];
}

/** How the header is read, for the person running the import: one line per field, then the ignored columns. */
export function describeLayout(layout: HeaderLayout): string[] {
  const lines = [
    layout.sources.length ? `read as a ${layout.sources.map((s) => sourceColumns[s].label).join(' or ')} export` : 'read with our own column names',
  ];
  for (const field of importFields[layout.type]) {
    const at = layout.columns.get(field);
    if (at)
      lines.push(
        `  ${field.padEnd(14)} <- ${at.map((i) => `"${layout.header[i]}"`).join(', then ')}${field === 'full_name' ? ' (split, where first and last name are blank)' : ''}`,
      );
  }
  if (layout.ignored.length) lines.push(`ignored columns: ${layout.ignored.join(', ')}`);
  return lines;
}
