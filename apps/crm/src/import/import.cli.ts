// `npm run crm:import -- --type contacts|leads --file path.csv [--source hubspot|salesforce|pipedrive|zoho]
//   [--map "Column=field" ...] [--map-file mapping.txt] [--report rejected.csv] [--dry-run] [--json]`
//
// Writes into DATABASE_URL, or else CRM_DATABASE_URL, or else the crm
// database of the embedded Postgres that `npm start` runs (127.0.0.1,
// EMBEDDED_PG_PORT, default 54320). Exit codes: 0 the import ran (rejected
// rows included), 1 unusable input (one line on stderr), 2 the database
// could not be reached or refused a batch (the batches before it stay).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { createDataSource } from '@platform/database';
import { ImportFailedError, importCsv, MalformedCsvError, type ImportProgress, type ImportSummary, type Rejection, UnusableInputError } from './csv-import';
import { type ColumnMapping, describeLayout, type HeaderOptions, type ImportType, parseColumnMapping, readHeader } from './import-header';
import { importTypes } from './import-rows';
import { type ImportSource, importSources } from './import-sources';

/**
 * The header alone, so a file that cannot be imported is refused before any
 * database work; says once, on stderr, how its columns are read.
 */
async function checkHeader(file: string, type: ImportType, options: HeaderOptions): Promise<void> {
  const parser = createReadStream(file).pipe(parse({ bom: true, to_line: 1, skip_empty_lines: true }));
  let header: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record;
      break;
    }
  } catch (err) {
    throw new UnusableInputError(`the header row cannot be read: ${err instanceof Error ? err.message : err}`);
  } finally {
    parser.destroy();
  }
  if (!header) throw new UnusableInputError('the file is empty: a header row is required');
  for (const line of describeLayout(readHeader(type, header, options))) console.error(`crm:import: ${line}`);
}

/** `--map` entries, then a `--map-file` of `Column=field` lines (blank lines and `#` comments skipped). */
function columnMappings(specs: string[], mapFile: string | undefined): ColumnMapping[] {
  const lines = [...specs];
  if (mapFile) {
    let text: string;
    try {
      text = readFileSync(mapFile, 'utf8');
    } catch {
      throw new UnusableInputError(`cannot read --map-file ${mapFile}`);
    }
    lines.push(...text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')));
  }
  return lines.map(parseColumnMapping);
}

// V8 grows the heap lazily: by some 90 MB over a 100k-row file, though what
// an import keeps alive is one batch. A full collection four times a second
// (under 10 ms each, with the progress callback) keeps memory flat whatever
// the file size.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const USAGE =
  'usage: npm run crm:import -- --type contacts|leads --file path.csv [--source hubspot|salesforce|pipedrive|zoho] [--map "Column=field" ...] [--map-file mapping.txt] [--report rejected.csv] [--dry-run] [--json]';
/** Rejections echoed to stderr when no --report file is asked for. */
const ECHOED = 20;

function unusable(message: string): never {
  console.error(`crm:import: ${message}`);
  process.exit(1);
}

function databaseUrl(): string {
  return process.env.DATABASE_URL || process.env.CRM_DATABASE_URL || `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 54320}/crm`;
}

const mb = (kb: number) => Math.round(kb / 1024);

function printSummary(s: ImportSummary, json: boolean, report?: string): void {
  const peakRssMb = mb(process.resourceUsage().maxRSS);
  if (json) {
    console.log(JSON.stringify({ ...s, peakRssMb }));
    return;
  }
  const lines = [
    `${s.dryRun ? 'dry run (nothing written)' : 'imported'} ${s.type}:`,
    `  read       ${s.read}`,
    `  inserted   ${s.inserted}`,
    `  updated    ${s.updated}`,
    `  unchanged  ${s.unchanged}`,
    `  rejected   ${s.rejected}${s.rejected ? (report ? ` (see ${report})` : ' (--report file.csv lists every row and reason)') : ''}`,
    `  duration   ${(s.elapsedMs / 1000).toFixed(1)} s, ${s.rowsPerSecond} rows/s, peak memory ${peakRssMb} MB`,
  ];
  // The ignored columns were listed when the header was read.
  for (const note of s.notes) lines.push(`  note: ${note}`);
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        type: { type: 'string' },
        file: { type: 'string' },
        report: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        source: { type: 'string' },
        map: { type: 'string', multiple: true, default: [] },
        'map-file': { type: 'string' },
      },
    }).values;
  } catch (err) {
    unusable(`${err instanceof Error ? err.message : err}\n${USAGE}`);
  }
  const type = args.type as ImportType;
  if (!importTypes.includes(type)) unusable(`--type must be contacts or leads\n${USAGE}`);
  if (!args.file) unusable(`--file is required\n${USAGE}`);
  const batchSize = args['batch-size'] ? Number(args['batch-size']) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) unusable('--batch-size must be a whole number from 1 to 10000');
  const source = args.source?.toLowerCase() as ImportSource | undefined;
  if (source !== undefined && !importSources.includes(source)) unusable(`--source must be one of ${importSources.join(', ')}\n${USAGE}`);
  let map: ColumnMapping[] = [];
  try {
    map = columnMappings(args.map ?? [], args['map-file']);
  } catch (err) {
    unusable(err instanceof Error ? err.message : String(err));
  }
  const file = args.file;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) unusable(`cannot read ${file}: no such file`);
  await checkHeader(file, type, { source, map }).catch((err: Error) => unusable(`${file}: ${err.message}`));

  // Raw SQL only, and the schema is the service's to migrate: no entities,
  // no migrations, and none of the service's modules loaded here.
  const dataSource = createDataSource({ url: databaseUrl(), entities: [], migrations: [], applicationName: 'crm-import', poolSize: 2 });
  try {
    await dataSource.initialize();
    const [{ found }] = await dataSource.query(`SELECT to_regclass('public.${type}') AS found`);
    if (!found) throw new Error(`the database has no ${type} table yet: start the platform once (\`npm start\`) so crm migrates it`);
  } catch (err) {
    console.error(`crm:import: ${err instanceof Error ? err.message : err} (is the platform running, \`npm start\`? or set DATABASE_URL)`);
    if (dataSource.isInitialized) await dataSource.destroy();
    process.exit(2);
  }

  const tty = process.stderr.isTTY;
  let shown = Date.now();
  const progress = (p: ImportProgress) => {
    collect();
    if (Date.now() - shown < 1000) return;
    shown = Date.now();
    const text = `read ${p.read} rows, ${p.rowsPerSecond} rows/s (inserted ${p.inserted}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})`;
    if (tty) process.stderr.write(`\r\x1b[K${text}`);
    else process.stderr.write(`crm:import: ${text}\n`);
  };
  let echoed = 0;
  const onReject = args.report
    ? undefined
    : (r: Rejection) => {
        // On a terminal the progress line is rewritten in place: clear it first.
        if (echoed++ < ECHOED) console.error(`${tty ? '\r\x1b[K' : ''}line ${r.line}: ${r.email ? `${r.email}: ` : ''}${r.reason}`);
      };

  try {
    const summary = await importCsv({
      dataSource,
      type,
      input: createReadStream(file),
      report: args.report ? createWriteStream(args.report) : undefined,
      onReject,
      onProgress: progress,
      progressIntervalMs: 250,
      batchSize,
      dryRun: args['dry-run'],
      source,
      map,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    if (echoed > ECHOED) console.error(`... and ${echoed - ECHOED} more rejected rows (--report file.csv lists them all)`);
    printSummary(summary, !!args.json, args.report);
  } catch (err) {
    if (tty) process.stderr.write('\r\x1b[K');
    if (err instanceof UnusableInputError) {
      if (err instanceof MalformedCsvError && err.summary) printSummary(err.summary, !!args.json, args.report);
      await dataSource.destroy();
      unusable(`${file}: ${err.message}`);
    }
    if (err instanceof ImportFailedError) {
      console.error(`crm:import: ${err.message}`);
      if (!err.summary.dryRun)
        console.error(`crm:import: lines before ${err.firstLine} are imported; fix the cause and run the same file again (imported rows stay unchanged)`);
      printSummary(err.summary, !!args.json, args.report);
    } else {
      console.error(`crm:import: ${err instanceof Error ? err.message : err}`);
    }
    process.exitCode = 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

void main();
