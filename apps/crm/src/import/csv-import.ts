import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import { Outbox, platformEvents } from '@platform/events';
import { type BatchOutcome, type BatchRow, writeContacts, writeLeads } from './import-batches';
import { type ColumnMapping, type HeaderLayout, type ImportType, readHeader, UnusableInputError } from './import-header';
import { type ContactRow, emailOf, type ImportRow, type LeadRow, type LeftOut, validateRow } from './import-rows';
import type { ImportSource } from './import-sources';

export { UnusableInputError } from './import-header';

export interface ImportProgress {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

export interface ImportSummary extends ImportProgress {
  type: ImportType;
  dryRun: boolean;
  /** Header columns the import does not read; their values are ignored. */
  ignoredColumns: string[];
  /** The products whose export the file was read as; empty for our own column names. */
  readAs: ImportSource[];
  /** Values of another CRM with no counterpart here, left out of the rows that held them. */
  notes: string[];
}

export interface Rejection {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  email: string;
  reason: string;
  /** The row's cells as the file holds them. */
  fields: string[];
}

export interface ImportOptions {
  dataSource: DataSource;
  type: ImportType;
  input: Readable;
  /** Receives the rejected rows as CSV: line, email, reason, then the original columns. Ended by the import. */
  report?: Writable;
  onReject?: (rejection: Rejection) => void;
  /** At most once per progressIntervalMs (default 1000) while rows are read. */
  onProgress?: (progress: ImportProgress) => void;
  progressIntervalMs?: number;
  /** Rows per transaction (default 1000). */
  batchSize?: number;
  /** Runs every check and statement, then rolls each batch back: the counts are what a real run would do. */
  dryRun?: boolean;
  /** Read the file as this product's export; without it the product is recognised from the header. */
  source?: ImportSource;
  /** Columns named by hand, before any alias or our own names. */
  map?: readonly ColumnMapping[];
}

/**
 * The database refused a batch. Batches before it are committed (the
 * summary counts them); the refused batch and the rest of the file are not.
 * Running the same file again picks up where this run stopped, since rows
 * already imported are unchanged.
 */
export class ImportFailedError extends Error {
  constructor(
    message: string,
    readonly summary: ImportSummary,
    readonly firstLine: number,
  ) {
    super(message);
  }
}

/** The file stops being CSV at `line`; rows before it are imported (see summary). */
export class MalformedCsvError extends UnusableInputError {
  summary?: ImportSummary;
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

interface Pending {
  line: number;
  fields: string[];
  row?: ImportRow;
  reason?: string;
}

const outbox = new Outbox('crm', platformEvents);

/** Cells that span lines (quoted line breaks) end later than they start. */
const lineBreaks = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
/**
 * Inside quotes the parser counts a CRLF as two lines (every \r and every
 * \n), so the lines it reports drift past each such cell: by how much.
 */
const overcounted = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r\n/g)?.length ?? 0), 0);

/** Distinct left-out values kept for the summary; past it only their rows are counted. */
const NOTED_VALUES = 20;

/** Counts the left-out values of another CRM, by field, column and value, in bounded memory. */
class LeftOutNotes {
  private readonly counts = new Map<string, { note: LeftOut; rows: number }>();
  private others = 0;

  add(leftOut: LeftOut[]): void {
    for (const note of leftOut) {
      const key = JSON.stringify([note.field, note.column, note.value]);
      const seen = this.counts.get(key);
      if (seen) seen.rows++;
      else if (this.counts.size < NOTED_VALUES) this.counts.set(key, { note, rows: 1 });
      else this.others++;
    }
  }

  lines(): string[] {
    const lines = [...this.counts.values()].map(
      ({ note, rows }) =>
        `${note.field} "${note.value}" (column "${note.column}") has no counterpart here, left out of ${rows} row${rows > 1 ? 's' : ''}: ${note.field === 'source' ? 'a new lead gets the source import' : 'a new lead is new, an existing one keeps its status'}`,
    );
    if (this.others) lines.push(`and ${this.others} more rows with other values left out`);
    return lines;
  }
}

/**
 * Streams a CSV of contacts or leads into the crm database: parse, validate
 * row by row, write in batches of `batchSize` rows, one transaction each with
 * one upsert and one outbox statement. Records are pulled from the parser
 * only when the previous batch is written, so the file is read no faster than
 * the database takes it, and memory holds one batch whatever the file size.
 *
 * Re-running a file is harmless: rows are keyed by lower(email), an
 * unchanged row writes and emits nothing. Within a file, a later row with
 * the email of an earlier imported row is rejected as its duplicate; the
 * emails seen so far are kept in a temporary table of the import's own
 * connection rather than in this process, so memory stays flat for any file
 * size (Postgres keeps about 100 bytes per email, spilling to disk past
 * temp_buffers).
 */
export async function importCsv(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const interval = options.progressIntervalMs ?? 1000;
  const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  let layout: HeaderLayout | undefined;
  const leftOut = new LeftOutNotes();
  let report: ReturnType<typeof stringify> | undefined;
  let reportDone: Promise<void> | undefined;
  const summary = (): ImportSummary => {
    const elapsedMs = Date.now() - started;
    return {
      type: options.type,
      dryRun: !!options.dryRun,
      ignoredColumns: layout?.ignored ?? [],
      readAs: layout?.sources ?? [],
      notes: leftOut.lines(),
      ...counts,
      elapsedMs,
      rowsPerSecond: Math.round((counts.read / Math.max(elapsedMs, 1)) * 1000),
    };
  };

  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // An unclosed quote would otherwise buffer the rest of the file as one cell.
    max_record_size: 1_000_000,
    // After a malformed record the parser cannot tell where the next one
    // starts, so the import stops there rather than guess. Skipping (instead
    // of failing the stream) keeps the records parsed before it, which an
    // errored stream would drop.
    skip_records_with_error: true,
    on_skip: (err) => {
      malformed ??= { line: Number((err as { lines?: number } | undefined)?.lines ?? 0), message: err?.message ?? 'unreadable record' };
      return undefined;
    },
  });
  let malformed: { line: number; message: string } | undefined;
  /** What the parser's line count is ahead of the file's, from the records so far. */
  let drift = 0;
  const piping = pipeline(options.input, parser);
  piping.catch(() => undefined);

  const runner = options.dataSource.createQueryRunner();
  await runner.connect();
  let batch: Pending[] = [];
  const emit = async (rejection: Rejection) => {
    counts.rejected++;
    options.onReject?.(rejection);
    if (report && !report.write([rejection.line, rejection.email, rejection.reason, ...rejection.fields])) await once(report, 'drain');
  };

  try {
    await runner.query(`DROP TABLE IF EXISTS pg_temp.import_seen`);
    await runner.query(`CREATE TEMPORARY TABLE import_seen (email text PRIMARY KEY, line int NOT NULL)`);
    let lastProgress = started;

    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (malformed && info.lines >= malformed.line) break;
      drift += overcounted(record);
      const line = info.lines - drift - lineBreaks(record);
      if (!layout) {
        layout = readHeader(options.type, record, { source: options.source, map: options.map });
        if (options.report) {
          report = stringify();
          reportDone = pipeline(report, options.report);
          report.write(['line', 'email', 'reason', ...record]);
        }
        continue;
      }
      counts.read++;
      const check = validateRow(layout, record);
      if (check.ok) leftOut.add(check.leftOut);
      batch.push(check.ok ? { line, fields: record, row: check.row } : { line, fields: record, reason: check.reason });
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
      if (options.onProgress && Date.now() - lastProgress >= interval) {
        lastProgress = Date.now();
        options.onProgress(summary());
      }
    }
    if (malformed) throw new MalformedCsvError(`malformed CSV at line ${malformed.line - drift}: ${malformed.message}`, malformed.line - drift);
    await piping;
    if (!layout) throw new UnusableInputError('the file is empty: a header row is required');
    await flush(batch);
    report?.end();
    await reportDone;
    return summary();
  } catch (err) {
    if (err instanceof MalformedCsvError && layout) {
      // The rows before the malformed one are written, so "fix it and run again" resumes exactly there.
      await flush(batch);
      err.summary = summary();
      err.message = options.dryRun
        ? `${err.message}; the ${counts.read} rows before it were checked`
        : `${err.message}; the ${counts.read} rows before it are imported, the rest of the file is not: fix it and run the file again`;
    }
    // The report keeps the rejections of the batches that were written.
    report?.end();
    await reportDone?.catch(() => undefined);
    throw err;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.query(`DROP TABLE IF EXISTS pg_temp.import_seen`).catch(() => undefined);
    await runner.release();
    parser.destroy();
  }

  async function flush(pending: Pending[]): Promise<void> {
    if (!pending.length) return;
    const valid = pending.filter((p): p is Pending & { row: ImportRow } => !!p.row);
    let outcome: BatchOutcome;
    let duplicates: Map<number, string>;
    try {
      ({ outcome, duplicates } = await writeBatch(runner, options.type, valid, !!options.dryRun));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ImportFailedError(
        `the database refused the batch of lines ${pending[0].line} to ${pending[pending.length - 1].line}: ${message}`,
        summary(),
        pending[0].line,
      );
    }
    counts.inserted += outcome.inserted;
    counts.updated += outcome.updated;
    counts.unchanged += outcome.unchanged;
    for (const p of pending.sort((a, b) => a.line - b.line)) {
      const reason = p.reason ?? duplicates.get(p.line) ?? outcome.rejected.get(p.line);
      if (reason) await emit({ line: p.line, email: layout ? emailOf(layout, p.fields) : '', reason, fields: p.fields });
    }
  }
}

/**
 * One transaction: claim the batch's emails in the file's seen-set, then
 * write the rows that are not duplicates. A dry run rolls the writes back to
 * a savepoint but keeps the seen-set, so later duplicates are still found.
 */
async function writeBatch(
  runner: QueryRunner,
  type: ImportType,
  valid: (Pending & { row: ImportRow })[],
  dryRun: boolean,
): Promise<{ outcome: BatchOutcome; duplicates: Map<number, string> }> {
  await runner.startTransaction();
  try {
    const duplicates = new Map<number, string>();
    if (valid.length) {
      // ORDER BY line: of two rows with one email in a batch, the earlier is claimed.
      const dups: { line: number; first: number }[] = await runner.query(
        `WITH input AS (SELECT * FROM unnest($1::text[], $2::int[]) AS t(email, line)),
         claimed AS (
           INSERT INTO pg_temp.import_seen (email, line)
           SELECT lower(email), line FROM input ORDER BY line
           ON CONFLICT (email) DO NOTHING
           RETURNING line)
         SELECT i.line, coalesce(s.line, (SELECT min(j.line) FROM input j WHERE lower(j.email) = lower(i.email))) AS first
           FROM input i LEFT JOIN pg_temp.import_seen s ON s.email = lower(i.email)
          WHERE i.line NOT IN (SELECT line FROM claimed)`,
        [valid.map((p) => p.row.email), valid.map((p) => p.line)],
      );
      for (const d of dups) duplicates.set(d.line, `duplicate of line ${d.first} (the same email, case-insensitively)`);
    }
    const rows: BatchRow<ImportRow>[] = valid.filter((p) => !duplicates.has(p.line)).map((p) => ({ line: p.line, row: p.row }));
    if (dryRun) await runner.query('SAVEPOINT dry_run');
    const outcome =
      type === 'contacts' ? await writeContacts(runner.manager, rows as BatchRow<ContactRow>[]) : await writeLeads(runner.manager, rows as BatchRow<LeadRow>[]);
    await outbox.append(runner.manager, outcome.events);
    if (dryRun) await runner.query('ROLLBACK TO SAVEPOINT dry_run');
    if (outcome.rejected.size) {
      // A row refused for the database state does not hide a later row with its email.
      const refused = rows.filter((r) => outcome.rejected.has(r.line));
      await runner.query(
        `DELETE FROM pg_temp.import_seen s USING unnest($1::text[], $2::int[]) AS t(email, line) WHERE s.email = lower(t.email) AND s.line = t.line`,
        [refused.map((r) => r.row.email), refused.map((r) => r.line)],
      );
    }
    await runner.commitTransaction();
    return { outcome, duplicates };
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  }
}
