// The CRM CSV import as a user runs it: the real CLI in a child process (so
// its peak memory is the importer's alone) against a migrated crm database
// on an embedded Postgres of its own. For each file size: a first run into an
// empty database, then the same file again (the idempotent pass: every row
// unchanged). Prints a markdown table and records it in docs/benchmarks.md.
//
//   npm run bench:crm-import
//
// BENCH_IMPORT_SIZES (20000,100000) sets the contact file sizes; a leads file
// of the largest size runs too.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { crmSubgraph } from '../../apps/crm/src/crm.subgraph';

const sizes = (process.env.BENCH_IMPORT_SIZES ?? '20000,100000').split(',').map(Number);
const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'apps', 'crm', 'src', 'import', 'import.cli.js');
const CUSTOMERS = 100;

/** One row in 200 is bad (an address without a domain), every 20th links to a customer. */
function* contactRows(rows: number): Generator<string> {
  yield 'email,first_name,last_name,phone,title,customer_email\n';
  for (let i = 1; i <= rows; i++) {
    const email = i % 200 === 0 ? `broken${i}` : `person${i}@example.test`;
    const customer = i % 20 === 0 ? `customer${i % CUSTOMERS}@example.test` : '';
    yield `${email},First${i},"Last ${i}",+1 555 ${String(i).padStart(7, '0')},Title ${i % 50},${customer}\n`;
  }
}

function* leadRows(rows: number): Generator<string> {
  const statuses = ['', 'new', 'contacted', 'qualified', 'unqualified'];
  yield 'email,first_name,last_name,company,phone,status\n';
  for (let i = 1; i <= rows; i++) {
    const email = i % 200 === 0 ? `broken${i}` : `lead${i}@example.test`;
    yield `${email},Lead${i},Last${i},"Company ${i % 1000}, Inc",+1 555 ${String(i).padStart(7, '0')},${statuses[i % 5]}\n`;
  }
}

interface CliResult {
  seconds: number;
  peakMb: number;
  summary: { read: number; inserted: number; updated: number; unchanged: number; rejected: number; rowsPerSecond: number; peakRssMb: number };
}

/** Runs the built CLI under /usr/bin/time -v when present (its peak RSS), else reads the CLI's own maxRSS. */
function runCli(url: string, type: string, file: string): Promise<CliResult> {
  const timed = existsSync('/usr/bin/time');
  const args = [cli, '--type', type, '--file', file, '--json'];
  const started = process.hrtime.bigint();
  const child = timed
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...args], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (err += c));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`crm:import exited with ${code}: ${err}`));
      const summary = JSON.parse(out.trim().split('\n').pop() ?? '{}');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({ seconds, summary, peakMb: rss ? Math.round(Number(rss[1]) / 1024) : summary.peakRssMb });
    });
  });
}

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: [...sizes.map((n) => `crm_${n}`), 'crm_leads'],
    persistent: false,
  });
  const work = await mkdtemp(join(tmpdir(), 'crm-import-bench-'));
  const rows: string[] = [];
  try {
    const runs = [...sizes.map((n) => ({ type: 'contacts', n, db: `crm_${n}` })), { type: 'leads', n: Math.max(...sizes), db: 'crm_leads' }];
    for (const { type, n, db } of runs) {
      const url = pg.url(db);
      const dataSource = createDataSource({ ...crmSubgraph.database, url, applicationName: 'bench' });
      await connectAndMigrate(dataSource, { log: () => undefined });
      await dataSource.query(
        `INSERT INTO customers (id, name, email) SELECT gen_random_uuid(), 'Customer ' || i, 'customer' || i || '@example.test' FROM generate_series(0, $1 - 1) i`,
        [CUSTOMERS],
      );
      await dataSource.destroy();

      const file = join(work, `${type}-${n}.csv`);
      await pipeline(Readable.from(type === 'contacts' ? contactRows(n) : leadRows(n)), createWriteStream(file));
      const mb = ((await stat(file)).size / 2 ** 20).toFixed(1);

      const first = await runCli(url, type, file);
      const again = await runCli(url, type, file);
      console.error(`${type} ${n}: first ${JSON.stringify(first.summary)}; again ${JSON.stringify(again.summary)}`);
      if (first.summary.inserted + first.summary.rejected !== n || again.summary.unchanged !== first.summary.inserted) {
        throw new Error(`unexpected counts for ${type} ${n}`);
      }
      rows.push(
        `| ${type} | ${n} (${mb} MB) | ${first.summary.inserted} inserted, ${first.summary.rejected} rejected | ${first.seconds.toFixed(1)} s | ${first.summary.rowsPerSecond} | ${first.peakMb} MB | ${again.seconds.toFixed(1)} s | ${again.summary.rowsPerSecond} | ${again.peakMb} MB |`,
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    await pg.stop();
  }
  const table = [
    '| file | rows | first run | process time | import rows/s | peak RSS | re-run: process time | import rows/s | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(table);
  await record(table);
}

/** Replaces the import section's table in docs/benchmarks.md. */
async function record(table: string) {
  const path = join(root, 'docs', 'benchmarks.md');
  const section = '## CRM CSV import';
  const begin = '<!-- crm-import-bench:begin -->';
  const end = '<!-- crm-import-bench:end -->';
  let doc = await readFile(path, 'utf8').catch(
    () => `# Benchmarks\n\nMeasured on the project machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n`,
  );
  const block = `${begin}\nMeasured ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}.\n\n${table}\n${end}`;
  if (doc.includes(begin)) doc = doc.slice(0, doc.indexOf(begin)) + block + doc.slice(doc.indexOf(end) + end.length);
  else
    doc += `\n${section}\n\nCommand: \`node tools/build/build.mjs && node dist/tools/bench/crm-import-bench.js\` (\`npm run bench:crm-import\`).\n\n${block}\n`;
  await writeFile(path, doc);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
