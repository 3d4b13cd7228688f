// Reservations as clients make them: the built inventory service in a process
// of its own (its outbox relay publishing to the embedded event log), on an
// embedded Postgres, called over HTTP with the gateway's credential by
// autocannon (50 connections) from this process. Two phases: every request
// holds one unit of one hot product, then of a product picked at random
// among 10,000. After each phase the check command (`nx run inventory:check`,
// the built check.js) must find nothing. Prints a markdown table and records
// it in docs/benchmarks.md.
//
//   npm run bench:inventory
//
// BENCH_SECONDS (15) is each phase's length, BENCH_CONNECTIONS (50) the clients.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { Role, signInternalToken } from '@platform/auth';
import { createDataSource } from '@platform/database';
import { startEmbeddedPostgres } from '@platform/local-runtime';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PRODUCTS = 10_000;
const root = join(__dirname, '..', '..', '..');
const service = join(root, 'dist', 'apps', 'inventory', 'src', 'main.js');
const checkCli = join(root, 'dist', 'apps', 'inventory', 'src', 'check.js');
const RESERVE = 'mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }';

/** Products with stock received in one statement each, ledger and stock rows in step. */
async function seed(db: DataSource, count: number, stock: number): Promise<string[]> {
  const ids: { id: string }[] = await db.query(
    `INSERT INTO products (id, sku, name, unit_of_measure, list_price_minor, currency, standard_cost_minor)
     SELECT gen_random_uuid(), 'BENCH-' || $2 || '-' || i, 'Bench ' || i, 'pcs', 1000, 'EUR', 400 FROM generate_series(1, $1) i RETURNING id`,
    [count, randomUUID().slice(0, 8)],
  );
  await db.query(
    `WITH w AS (SELECT id FROM warehouses WHERE is_default)
     INSERT INTO stock_movements (id, product_id, warehouse_id, kind, quantity, unit_cost_minor)
     SELECT gen_random_uuid(), p, w.id, 'receipt', $2, 400 FROM unnest($1::uuid[]) p, w`,
    [ids.map((r) => r.id), stock],
  );
  await db.query(
    `INSERT INTO stock_levels (product_id, warehouse_id, on_hand, average_cost_minor)
     SELECT p, (SELECT id FROM warehouses WHERE is_default), $2, 400 FROM unnest($1::uuid[]) p`,
    [ids.map((r) => r.id), stock],
  );
  return ids.map((r) => r.id);
}

interface Phase {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  reserved: number;
  consistent: boolean;
  stockRows: number;
}

async function phase(name: string, url: string, token: string, pick: () => string, db: DataSource, databaseUrl: string): Promise<Phase> {
  const before = Number((await db.query(`SELECT count(*) AS n FROM reservations`))[0].n);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: RESERVE, variables: { i: { productId: pick(), quantity: 1 } } }) }) }],
  });
  const reserved = Number((await db.query(`SELECT count(*) AS n FROM reservations`))[0].n) - before;
  const verdict = await runCheck(databaseUrl);
  if (!verdict.consistent) console.error(JSON.stringify(verdict.discrepancies.slice(0, 10)));
  return {
    name,
    requests: result.requests.total,
    perSecond: Math.round(reserved / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    reserved,
    consistent: verdict.consistent,
    stockRows: verdict.stockRows,
  };
}

/** The check command as an operator runs it; exit code 0 means consistent. */
function runCheck(databaseUrl: string): Promise<{ consistent: boolean; stockRows: number; discrepancies: unknown[] }> {
  const child = spawn(process.execPath, [checkCli], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 || code === 1 ? resolve(JSON.parse(out)) : reject(new Error(`inventory check exited with ${code}`)))),
  );
}

/** Starts the built service and waits until it answers. */
async function startService(env: Record<string, string>, url: string, token: string) {
  const child = spawn(process.execPath, [service], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`inventory exited with ${child.exitCode}`);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query":"{ __typename }"}',
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return child;
    await sleep(100);
  }
  throw new Error('inventory did not start');
}

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: ['inventory', 'events'],
    persistent: false,
  });
  const secret = randomBytes(32).toString('hex');
  const port = 45000 + Math.floor(Math.random() * 1000);
  const url = `http://127.0.0.1:${port}/graphql`;
  const token = await signInternalToken({ sub: 'bench', roles: [Role.Inventory] }, secret);
  const databaseUrl = pg.url('inventory');
  const phases: Phase[] = [];
  const child = await startService(
    { LOG_LEVEL: 'error', PORT: String(port), DATABASE_URL: databaseUrl, EVENTS_DATABASE_URL: pg.url('events'), INTERNAL_JWT_SECRET: secret },
    url,
    token,
  );
  const db = createDataSource({ url: databaseUrl, entities: [], migrations: [], applicationName: 'bench' });
  try {
    await db.initialize();
    const [hot] = await seed(db, 1, 10_000_000);
    const spread = await seed(db, PRODUCTS, 1_000);
    phases.push(await phase('one hot product', url, token, () => hot, db, databaseUrl));
    phases.push(
      await phase(
        `spread over ${PRODUCTS.toLocaleString('en')} products`,
        url,
        token,
        () => spread[Math.floor(Math.random() * spread.length)],
        db,
        databaseUrl,
      ),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await db.destroy();
    await pg.stop();
  }
  const table = [
    '| reservations of 1 unit | requests | reservations/s | p50 | p99 | errors | check after the run |',
    '|---|---|---|---|---|---|---|',
    ...phases.map(
      (p) =>
        `| ${p.name} | ${p.requests} | ${p.perSecond} | ${p.p50} ms | ${p.p99} ms | ${p.errors} | ${p.consistent ? 'consistent' : 'DISCREPANCIES'} (${p.stockRows} stock rows, ${p.reserved} reservations) |`,
    ),
  ].join('\n');
  console.log(table);
  await record(table);
  if (phases.some((p) => !p.consistent || p.errors)) process.exitCode = 1;
}

/** Replaces the inventory section's table in docs/benchmarks.md. */
async function record(table: string) {
  const path = join(root, 'docs', 'benchmarks.md');
  const begin = '<!-- inventory-bench:begin -->';
  const end = '<!-- inventory-bench:end -->';
  let doc = await readFile(path, 'utf8');
  const load = loadavg()[0].toFixed(1);
  const block = `${begin}\nMeasured ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (load average ${load} at the end of the run), Node ${process.version}, ${connections} connections, ${seconds} s per phase.\n\n${table}\n${end}`;
  if (doc.includes(begin)) doc = doc.slice(0, doc.indexOf(begin)) + block + doc.slice(doc.indexOf(end) + end.length);
  else doc += `\n## Inventory reservations\n\nCommand: \`npm run bench:inventory\` (\`tools/bench/inventory-bench.ts\`).\n\n${block}\n`;
  await writeFile(path, doc);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
