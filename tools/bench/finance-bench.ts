// Finance on a migrated database of its own (embedded Postgres), through its
// services in-process: journal entries posted per second, automatic payment
// matching against 10,000 open invoices of one customer, and the trial
// balance and receivables aging over 1,000,000 journal lines.
//
//   node tools/build/build.mjs && node dist/tools/bench/finance-bench.js
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { connectAndMigrate } from '@platform/database';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { createSubgraphApp, loadServiceConfig } from '@platform/service';
import { financeSubgraph } from '../../apps/finance/src/finance.subgraph';
import { AccountsService } from '../../apps/finance/src/ledger/accounts.service';
import { JournalService } from '../../apps/finance/src/ledger/journal.service';
import { PaymentsService } from '../../apps/finance/src/payments/payments.service';
import { ReportsService } from '../../apps/finance/src/reports/reports.service';

const LINES = Number(process.env.BENCH_FINANCE_LINES ?? 1_000_000);
const OPEN_INVOICES = 10_000;
const ENTRIES = 2_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: ['finance'],
    persistent: false,
  });
  const app = await createSubgraphApp(
    financeSubgraph,
    loadServiceConfig(financeSubgraph, { LOG_LEVEL: 'error', DATABASE_URL: pg.url('finance'), INTERNAL_JWT_SECRET: 'x'.repeat(32) }),
  );
  const db = app.get(DataSource);
  await connectAndMigrate(db, { log: () => undefined });
  const journal = app.get(JournalService);
  const system = await app.get(AccountsService).systemIds();
  const rows: string[] = [];
  try {
    // 1. Manual two-line entries, one transaction each: in sequence, then 8 at a time.
    const entry = (i: number) =>
      journal.postManual({
        date: '2026-01-15',
        memo: `bench ${i}`,
        lines: [
          { accountId: system.cash, debit: 100n, credit: 0n },
          { accountId: system.retained_earnings, debit: 0n, credit: 100n },
        ],
      });
    const sequential = await timed(async () => {
      for (let i = 0; i < ENTRIES; i++) await entry(i);
    });
    const concurrent = await timed(async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < ENTRIES) await entry(next++);
        }),
      );
    });
    rows.push(`| journal entries posted (2 lines, one transaction each), in sequence | ${ENTRIES} | ${Math.round((ENTRIES / sequential) * 1000)} entries/s |`);
    rows.push(`| journal entries posted, 8 at a time | ${ENTRIES} | ${Math.round((ENTRIES / concurrent) * 1000)} entries/s |`);

    // 2. One customer with 10,000 open invoices (written in bulk, as posting would leave them); payments matched by reference and oldest first.
    const customer = '00000000-0000-4000-8000-0000000000c1';
    await db.query(
      `INSERT INTO invoices (id, customer_id, number, status, currency, issue_date, due_date, subtotal_minor, tax_minor, total_minor, functional_total_minor)
       SELECT gen_random_uuid(), $1, 'BENCH-' || g, 'posted', 'USD', date '2025-01-01' + (g % 365), date '2025-01-31' + (g % 365), 10000, 0, 10000, 10000
         FROM generate_series(1, $2) g`,
      [customer, OPEN_INVOICES],
    );
    await db.query(`ANALYZE invoices`);
    const payments = app.get(PaymentsService);
    const oldest: number[] = [];
    const byReference: number[] = [];
    for (let i = 0; i < 20; i++) {
      oldest.push(await timed(() => payments.record({ customerId: customer, amount: { amount: '250.00', currency: 'USD' }, receivedOn: '2026-02-01' })));
      byReference.push(
        await timed(() =>
          payments.record({ customerId: customer, amount: { amount: '100.00', currency: 'USD' }, receivedOn: '2026-02-01', reference: `BENCH-${9000 + i}` }),
        ),
      );
    }
    rows.push(
      `| payment matched oldest first (3 invoices) among ${OPEN_INVOICES.toLocaleString('en')} open invoices of one customer | 20 payments | median ${median(oldest).toFixed(1)} ms, max ${Math.max(...oldest).toFixed(1)} ms |`,
    );
    rows.push(
      `| payment matched by reference among ${OPEN_INVOICES.toLocaleString('en')} open invoices | 20 payments | median ${median(byReference).toFixed(1)} ms, max ${Math.max(...byReference).toFixed(1)} ms |`,
    );

    // 3. Fill the ledger to LINES lines (balanced two-line entries over 24 months and 6 accounts, through the balance trigger) and 100,000 open invoices over 1,000 customers.
    const existing = Number((await db.query(`SELECT count(*)::int AS n FROM journal_lines`))[0].n);
    const entries = Math.max(0, Math.ceil((LINES - existing) / 2));
    const seeded = await timed(async () => {
      for (let done = 0; done < entries; done += 100_000) {
        const batch = Math.min(100_000, entries - done);
        await db.transaction(async (m) => {
          await m.query(
            `INSERT INTO journal_entries (id, entry_date, memo, source_type)
             SELECT md5('e' || ($1 + g))::uuid, date '2024-01-01' + ((($1 + g) * 7) % 730), 'bench', 'manual' FROM generate_series(1, $2) g`,
            [done, batch],
          );
          await m.query(
            `INSERT INTO journal_lines (entry_id, entry_date, account_id, debit_minor, credit_minor)
             SELECT md5('e' || ($1 + g))::uuid, date '2024-01-01' + ((($1 + g) * 7) % 730), a.id, CASE WHEN side = 1 THEN 100 + g % 900 ELSE 0 END, CASE WHEN side = 2 THEN 100 + g % 900 ELSE 0 END
               FROM generate_series(1, $2) g CROSS JOIN (VALUES (1), (2)) s(side)
               JOIN LATERAL (SELECT id FROM accounts ORDER BY code OFFSET ((g + side) % 6) LIMIT 1) a ON true`,
            [done, batch],
          );
        });
      }
      await db.query(
        `INSERT INTO invoices (id, customer_id, number, status, currency, issue_date, due_date, subtotal_minor, tax_minor, total_minor, functional_total_minor)
         SELECT gen_random_uuid(), md5('c' || (g % 1000))::uuid, 'AGING-' || g, 'posted', 'USD', date '2025-06-01' + (g % 300), date '2025-07-01' + (g % 300), 5000, 0, 5000, 5000
           FROM generate_series(1, 100000) g`,
      );
      await db.query(`ANALYZE`);
    });
    const lines = Number((await db.query(`SELECT count(*)::int AS n FROM journal_lines`))[0].n);
    const reports = app.get(ReportsService);
    const tb: number[] = [];
    const aging: number[] = [];
    const gl: number[] = [];
    for (let i = 0; i < 5; i++) {
      tb.push(await timed(() => reports.trialBalance('2026-12-31')));
      aging.push(await timed(() => reports.receivablesAging('2026-03-31')));
      gl.push(await timed(() => reports.generalLedger(system.cash, '2025-06-01', '2025-06-30', 100, null)));
    }
    rows.push(`| trial balance over ${lines.toLocaleString('en')} journal lines | 5 runs | median ${median(tb).toFixed(0)} ms |`);
    rows.push(`| receivables aging over 110,000 open invoices of 1,001 customers (beside those lines) | 5 runs | median ${median(aging).toFixed(0)} ms |`);
    rows.push(`| general ledger page (100 lines of a month) of one account over those lines | 5 runs | median ${median(gl).toFixed(0)} ms |`);
    console.log(`seeding ${entries * 2} lines and 100,000 invoices took ${(seeded / 1000).toFixed(0)} s`);
  } finally {
    await app.close();
    await pg.stop();
  }
  console.log(
    `\nMachine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  console.log('| measure | size | result |\n|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
