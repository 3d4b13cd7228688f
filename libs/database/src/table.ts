/**
 * One typed definition per table: the SELECT list (with its aliases), the row
 * type and the reading of a raw driver row all come from it, so a row is never
 * cast. SQL stays hand-written; this only names and reads columns.
 *
 *   const deals = defineTable('deals', 'd', {
 *     id: uuid(),
 *     amountMinor: bigintText(),
 *     expectedCloseDate: date().nullable(),
 *     status: oneOf(DealStatus),
 *   });
 *   type DealRow = RowOf<typeof deals>;
 *   await deals.many(manager, `SELECT ${deals.columns} FROM deals d WHERE d.id = ANY($1)`, [ids]);
 */

/** What runs SQL: a DataSource or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows a statement answered. Through TypeORM, the pg driver answers
 * UPDATE and DELETE ... RETURNING as [rows, affected count], and everything
 * else as the rows.
 */
export function returnedRows(result: unknown): unknown[] {
  if (!Array.isArray(result)) throw new Error(`database: expected rows, got ${typeof result}`);
  return result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
}

/** A column: its SQL name, the expression that selects it, and how its value is read. */
export class Column<T> {
  constructor(
    /** The column's name, or `alias.name` for one of a joined table; undefined: the key in snake_case. */
    readonly name: string | undefined,
    private readonly expression: (reference: string) => string,
    private readonly convert: (value: unknown) => T,
    readonly isNullable = false,
  ) {}

  /** The same column, which may be NULL (read as null). */
  nullable(): Column<T | null> {
    return new Column<T | null>(this.name, this.expression, this.convert, true);
  }

  /** The SELECT expression for it, given `alias.column`. */
  select(reference: string): string {
    return this.expression(reference);
  }

  read(value: unknown, where: string): T {
    if (value === null || value === undefined) {
      if (this.isNullable) return null as T;
      throw new Error(`database: ${where} is null`);
    }
    try {
      return this.convert(value);
    } catch (error) {
      throw new Error(`database: ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

const plain = (reference: string) => reference;

function ofType<T>(type: 'string' | 'number' | 'boolean'): (value: unknown) => T {
  return (value) => {
    if (typeof value !== type) throw new Error(`expected a ${type}, got ${typeof value}`);
    return value as T;
  };
}

export const uuid = (name?: string) => new Column<string>(name, plain, ofType<string>('string'));

/** Text; a union of literals can be named for documentation (use oneOf to check the values). */
export const text = <T extends string = string>(name?: string) => new Column<T>(name, plain, ofType<T>('string'));

/** int2/int4 (and count(*)::int): a JS number. */
export const int = (name?: string) => new Column<number>(name, plain, ofType<number>('number'));

export const bool = (name?: string) => new Column<boolean>(name, plain, ofType<boolean>('boolean'));

/** A bigint read as its decimal string (no precision lost; money in minor units). */
export const bigintText = (name?: string) => new Column<string>(name, (reference) => `${reference}::text`, ofType<string>('string'));

/** A date read as YYYY-MM-DD (never a Date at local midnight). */
export const date = (name?: string) => new Column<string>(name, (reference) => `to_char(${reference}, 'YYYY-MM-DD')`, ofType<string>('string'));

export const timestamptz = (name?: string) =>
  new Column<Date>(name, plain, (value) => {
    if (!(value instanceof Date)) throw new Error(`expected a Date, got ${typeof value}`);
    return value;
  });

/** Text holding one of an enum's values; anything else is refused when read. */
export function oneOf<E extends Record<string, string>>(values: E, name?: string): Column<E[keyof E]> {
  const allowed = new Set<string>(Object.values(values));
  return new Column<E[keyof E]>(name, plain, (value) => {
    if (typeof value !== 'string' || !allowed.has(value)) throw new Error(`unexpected value ${String(value)}`);
    return value as E[keyof E];
  });
}

type Columns = Record<string, Column<unknown>>;

/** The row type a table definition reads. */
export type RowOf<T> = T extends RowShape<infer R> ? R : never;

/** How rows of some shape are read: a table's, or a query's own (an aggregate). */
export interface RowShape<Row> {
  /** A raw driver row as a typed row (keys not defined here are ignored). */
  read(raw: unknown): Row;
  /** Runs hand-written SQL and reads every row it returns (SELECT, INSERT/UPDATE/DELETE ... RETURNING). */
  many(db: Queryable, sql: string, parameters?: unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  one(db: Queryable, sql: string, parameters?: unknown[]): Promise<Row | undefined>;
}

export interface Table<Row> extends RowShape<Row> {
  readonly name: string;
  readonly alias: string;
  /** The SELECT list under the table's alias, each column as its row key. */
  readonly columns: string;
  /** The SELECT list under another alias (e.g. the table's own name in an UPDATE without AS). */
  columnsAs(alias: string): string;
}

type RowOfColumns<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The rows of a query that are not one table's (an aggregate, a report):
 * each key is read with its column's rules; the SQL names the keys itself.
 * `what` names the query in errors.
 */
export function defineRow<C extends Columns>(what: string, definition: C): RowShape<RowOfColumns<C>> {
  const entries = Object.entries(definition);
  const read = (raw: unknown): RowOfColumns<C> => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`database: ${what}: expected a row, got ${raw === null ? 'null' : typeof raw}`);
    const source = raw as Record<string, unknown>;
    const row: Record<string, unknown> = {};
    for (const [key, column] of entries) row[key] = column.read(source[key], `${what}.${key}`);
    return row as RowOfColumns<C>;
  };
  const many = async (db: Queryable, sql: string, parameters?: unknown[]) => returnedRows(await db.query(sql, parameters)).map(read);
  return { read, many, one: async (db, sql, parameters) => (await many(db, sql, parameters))[0] };
}

export function defineTable<C extends Columns>(name: string, alias: string, definition: C): Table<RowOfColumns<C>> {
  const columnsAs = (as: string) =>
    Object.entries(definition)
      .map(([key, column]) => {
        const reference = column.name?.includes('.') ? column.name : `${as}.${column.name ?? snakeCase(key)}`;
        return `${column.select(reference)} AS "${key}"`;
      })
      .join(', ');
  return { ...defineRow(name, definition), name, alias, columns: columnsAs(alias), columnsAs };
}

/** Where a page of a list by creation starts: past this row (its created_at and id). */
export interface CreatedCursor {
  /** A Date, or its ISO text as a cursor carries it. */
  at: Date | string;
  id: string;
}

/**
 * The first `limit` rows of each of several parents (a customer's contacts, a
 * deal's quotes), oldest first and past `after`, in one statement:
 * row_number() per parent cuts each list. Rows come ordered by parent, then
 * by creation; `parentColumn` is the table's column naming the parent.
 */
export async function oldestPerParent<Row>(
  db: Queryable,
  table: Table<Row>,
  parentColumn: string,
  parentIds: readonly string[],
  limit: number,
  after: CreatedCursor | null = null,
): Promise<Row[]> {
  if (!parentIds.length) return [];
  const t = table.alias;
  const parameters: unknown[] = [[...new Set(parentIds)], limit];
  if (after) parameters.push(after.at, after.id);
  return table.many(
    db,
    `SELECT * FROM (
       SELECT ${table.columns}, row_number() OVER (PARTITION BY ${t}.${parentColumn} ORDER BY ${t}.created_at, ${t}.id) AS rn
         FROM ${table.name} ${t}
        WHERE ${t}.${parentColumn} = ANY($1::uuid[])${after ? ` AND (${t}.created_at, ${t}.id) > ($3::timestamptz, $4::uuid)` : ''}
     ) page WHERE page.rn <= $2 ORDER BY page.rn`,
    parameters,
  );
}
