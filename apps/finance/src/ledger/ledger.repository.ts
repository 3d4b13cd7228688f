import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, date, defineTable, oneOf, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import type { LineDraft } from './journal-rules';
import { AccountType, EntrySource, PeriodStatus } from './ledger.model';

export const accountsTable = defineTable('accounts', 'a', {
  id: uuid(),
  code: text(),
  name: text(),
  type: oneOf(AccountType),
  systemKey: text().nullable(),
});
export type AccountRow = RowOf<typeof accountsTable>;

export const periodsTable = defineTable('fiscal_periods', 'p', {
  startsOn: date(),
  endsOn: date(),
  status: oneOf(PeriodStatus),
  closedAt: timestamptz().nullable(),
  closedBy: text().nullable(),
});
export type PeriodRow = RowOf<typeof periodsTable>;

export const entriesTable = defineTable('journal_entries', 'e', {
  id: uuid(),
  date: date('entry_date'),
  memo: text(),
  source: oneOf(EntrySource, 'source_type'),
  sourceId: uuid().nullable(),
  reversesId: uuid().nullable(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
});
export type EntryRow = RowOf<typeof entriesTable>;

export const linesTable = defineTable('journal_lines', 'l', {
  entryId: uuid(),
  accountId: uuid(),
  accountCode: text('a.code'),
  debitMinor: bigintText(),
  creditMinor: bigintText(),
  customerId: uuid().nullable(),
  vendorId: uuid().nullable(),
  memo: text().nullable(),
});
export type LineRow = RowOf<typeof linesTable>;

export interface NewEntry {
  date: string;
  memo: string;
  source: EntrySource;
  sourceId?: string | null;
  reversesId?: string | null;
  createdBy?: string | null;
  lines: readonly LineDraft[];
}

/** All SQL of accounts, fiscal periods and journal entries; nothing else touches these tables. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  accounts(db: Queryable = this.dataSource): Promise<AccountRow[]> {
    return accountsTable.many(db, `SELECT ${accountsTable.columns} FROM accounts a ORDER BY a.code`);
  }

  account(db: Queryable, id: string): Promise<AccountRow | undefined> {
    return accountsTable.one(db, `SELECT ${accountsTable.columns} FROM accounts a WHERE a.id = $1`, [id]);
  }

  async insertAccount(db: Queryable, account: Pick<AccountRow, 'code' | 'name' | 'type'>): Promise<AccountRow | undefined> {
    return accountsTable.one(
      db,
      `INSERT INTO accounts AS a (code, name, type) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING ${accountsTable.columns}`,
      [account.code, account.name, account.type],
    );
  }

  renameAccount(db: Queryable, id: string, name: string): Promise<AccountRow | undefined> {
    return accountsTable.one(db, `UPDATE accounts AS a SET name = $2 WHERE a.id = $1 RETURNING ${accountsTable.columns}`, [id, name]);
  }

  /** Deletes an account without postings; answers whether it did (false: it has postings or is a system account). */
  async deleteUnused(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.query(
      `DELETE FROM accounts a WHERE a.id = $1 AND a.system_key IS NULL AND NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.account_id = a.id) RETURNING id`,
      [id],
    );
    return returnedRows(result).length > 0;
  }

  /** The period of a date (created open on first use), share-locked: closing it waits for this transaction. */
  async lockPeriodShared(manager: EntityManager, startsOn: string): Promise<PeriodRow> {
    await manager.query(
      `INSERT INTO fiscal_periods (starts_on, ends_on) VALUES ($1::date, ($1::date + interval '1 month' - interval '1 day')::date) ON CONFLICT DO NOTHING`,
      [startsOn],
    );
    const row = await periodsTable.one(manager, `SELECT ${periodsTable.columns} FROM fiscal_periods p WHERE p.starts_on = $1 FOR SHARE`, [startsOn]);
    if (!row) throw new Error(`fiscal_periods: ${startsOn} vanished`);
    return row;
  }

  /** The period locked for a change of status (created open when it was never used). */
  async lockPeriod(manager: EntityManager, startsOn: string): Promise<PeriodRow> {
    await manager.query(
      `INSERT INTO fiscal_periods (starts_on, ends_on) VALUES ($1::date, ($1::date + interval '1 month' - interval '1 day')::date) ON CONFLICT DO NOTHING`,
      [startsOn],
    );
    const row = await periodsTable.one(manager, `SELECT ${periodsTable.columns} FROM fiscal_periods p WHERE p.starts_on = $1 FOR UPDATE`, [startsOn]);
    if (!row) throw new Error(`fiscal_periods: ${startsOn} vanished`);
    return row;
  }

  async setPeriodStatus(manager: EntityManager, startsOn: string, status: PeriodStatus, actor: string | null): Promise<PeriodRow> {
    const row = await periodsTable.one(
      manager,
      `UPDATE fiscal_periods AS p SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN date_trunc('milliseconds', now()) END,
              closed_by = CASE WHEN $2 = 'closed' THEN $3 END
        WHERE p.starts_on = $1 RETURNING ${periodsTable.columns}`,
      [startsOn, status, actor],
    );
    if (!row) throw new Error(`fiscal_periods: ${startsOn} vanished under its lock`);
    return row;
  }

  periods(year: number): Promise<PeriodRow[]> {
    return periodsTable.many(
      this.dataSource,
      `SELECT ${periodsTable.columns} FROM fiscal_periods p WHERE p.starts_on >= make_date($1, 1, 1) AND p.starts_on < make_date($1 + 1, 1, 1) ORDER BY p.starts_on`,
      [year],
    );
  }

  /** The entry and its lines in two statements (the lines through unnest); the database checks the balance at commit. */
  async insertEntry(manager: EntityManager, entry: NewEntry): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO journal_entries (id, entry_date, memo, source_type, source_id, reverses_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, entry.date, entry.memo, entry.source, entry.sourceId ?? null, entry.reversesId ?? null, entry.createdBy ?? null],
    );
    const lines = entry.lines;
    await manager.query(
      `INSERT INTO journal_lines (entry_id, entry_date, account_id, debit_minor, credit_minor, customer_id, vendor_id, memo)
       SELECT $1, $2, * FROM unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::uuid[], $7::uuid[], $8::text[])`,
      [
        id,
        entry.date,
        lines.map((l) => l.accountId),
        lines.map((l) => l.debit.toString()),
        lines.map((l) => l.credit.toString()),
        lines.map((l) => l.customerId ?? null),
        lines.map((l) => l.vendorId ?? null),
        lines.map((l) => l.memo ?? null),
      ],
    );
    return id;
  }

  entry(db: Queryable, id: string): Promise<EntryRow | undefined> {
    return entriesTable.one(db, `SELECT ${entriesTable.columns} FROM journal_entries e WHERE e.id = $1`, [id]);
  }

  reversalOf(db: Queryable, id: string): Promise<EntryRow | undefined> {
    return entriesTable.one(db, `SELECT ${entriesTable.columns} FROM journal_entries e WHERE e.reverses_id = $1`, [id]);
  }

  entriesByIds(ids: readonly string[]): Promise<EntryRow[]> {
    return entriesTable.many(this.dataSource, `SELECT ${entriesTable.columns} FROM journal_entries e WHERE e.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  linesOf(entryIds: readonly string[], db: Queryable = this.dataSource): Promise<LineRow[]> {
    return linesTable.many(
      db,
      `SELECT ${linesTable.columns} FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE l.entry_id = ANY($1::uuid[]) ORDER BY l.entry_id, l.id`,
      [[...new Set(entryIds)]],
    );
  }

  /** Entries by date (oldest first), keyset-paginated on (created_at, id) within the date range. */
  async listEntries(first: number, after: string | null | undefined, from: string | null, to: string | null): Promise<Page<EntryRow>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await entriesTable.many(
      this.dataSource,
      `SELECT ${entriesTable.columns} FROM journal_entries e
        WHERE ($2::date IS NULL OR e.entry_date >= $2) AND ($3::date IS NULL OR e.entry_date <= $3)
          AND ($4::timestamptz IS NULL OR (e.created_at, e.id) > ($4, $5::uuid))
        ORDER BY e.created_at, e.id LIMIT $1`,
      [first + 1, from, to, cursor?.at ?? null, cursor?.id ?? null],
    );
    return toPage(rows, first);
  }
}
