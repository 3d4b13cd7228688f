// Events through the whole path: outbox row (in a service transaction) ->
// relay -> bus -> consumer inbox transaction. Measures the sustained rate and
// the end-to-end latency (event time to applied) at half that rate.
//
//   npm run bench:events                      # embedded log
//   npm run bench:events:kafka                # Kafka (starts tools/kafka)
//
// Options (env): BENCH_EVENTS (20000), BENCH_SECONDS for the latency phase (10).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { consumerSubscription, createEventBus, type EventBus, Outbox, OutboxRelay } from '@platform/events';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { eventTestMigrations, testRegistry, widgetCountedV1 } from '../../libs/events/src/testing/event-test-kit';

const total = Number(process.env.BENCH_EVENTS ?? 20_000);
const latencySeconds = Number(process.env.BENCH_SECONDS ?? 10);
const root = join(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: ['service', 'events'],
    persistent: false,
  });
  const db = createDataSource({ url: pg.url('service'), entities: [], migrations: eventTestMigrations, applicationName: 'bench', poolSize: 20 });
  await connectAndMigrate(db, { log: () => undefined });
  const bus: EventBus = createEventBus({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, EVENTS_DATABASE_URL: pg.url('events') }, 'bench');
  const outbox = new Outbox('bench', testRegistry);
  const relay = new OutboxRelay(db, bus, { batchSize: 1000, pollMs: 200 });

  let applied = 0;
  let latencies: number[] = [];
  const group = `bench-${Date.now()}`;
  const subscription = consumerSubscription({
    bus,
    dataSource: db,
    registry: testRegistry,
    group,
    topics: [widgetCountedV1.topic],
    handlers: {
      [widgetCountedV1.type]: async (event, manager) => {
        const data = event.data as { widget: string; n: number };
        await manager.query('INSERT INTO applied (event_id, widget, n) VALUES ($1, $2, $3)', [event.id, data.widget, data.n]);
        latencies.push(Date.now() - Date.parse(event.time));
        applied++;
      },
    },
  });
  await bus.subscribe(subscription);
  await relay.start();

  // A service writes a few events per command: 10 per transaction, 8 commands at a time.
  const write = async (from: number, count: number) =>
    db.transaction((m) =>
      outbox.append(
        m,
        Array.from({ length: count }, (_, i) => ({ type: widgetCountedV1.type, version: 1, subject: `w${(from + i) % 64}`, data: { widget: `w${(from + i) % 64}`, n: from + i } })),
      ),
    );

  // Phase 1: throughput.
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        const from = next;
        next += 10;
        await write(from, Math.min(10, total - from));
      }
    }),
  );
  const written = Date.now();
  while (applied < total) await sleep(5);
  const seconds = (Date.now() - started) / 1000;
  const rate = total / seconds;
  const writeRate = total / ((written - started) / 1000);

  // Phase 2: latency at half the measured rate, 10 events per transaction.
  latencies = [];
  const target = rate / 2;
  const phaseStart = Date.now();
  let sent = 0;
  const baseline = applied;
  while (Date.now() - phaseStart < latencySeconds * 1000) {
    const due = Math.floor(((Date.now() - phaseStart) / 1000) * target);
    while (sent + 10 <= due) {
      await write(total + sent, 10);
      sent += 10;
    }
    await sleep(2);
  }
  while (applied < baseline + sent) await sleep(5);
  const sorted = [...latencies].sort((a, b) => a - b);

  await relay.stop();
  await bus.close();
  await db.destroy();
  await pg.stop();

  const result = {
    transport: bus.transport,
    events: total,
    seconds: seconds.toFixed(1),
    rate: Math.round(rate),
    writeRate: Math.round(writeRate),
    latencyRate: Math.round(target),
    latencyEvents: sent,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
  console.log(JSON.stringify(result));
  await record(result);
}

/** Replaces this transport's row in docs/benchmarks.md. */
async function record(r: Record<string, string | number>) {
  const path = join(root, 'docs', 'benchmarks.md');
  const header = '| transport | events | outbox writes/s | end-to-end events/s | latency phase | p50 | p99 | date |';
  let doc = await readFile(path, 'utf8').catch(() => '');
  const section = '## Events: outbox -> bus -> inbox';
  if (!doc.includes(section)) {
    doc += `${doc ? '\n' : `# Benchmarks\n\nMeasured on the project machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n`}
${section}

Command: \`npm run bench:events\` (embedded log) and \`npm run bench:events:kafka\` (Kafka via tools/kafka), ${total} events, 10 per
transaction, 8 writers; then ${latencySeconds} s at half the measured rate for latency (event time to the consumer's applied row).
Everything (Postgres, the broker, the bench) shares the machine.

${header}
|---|---|---|---|---|---|---|---|
`;
  }
  const row = `| ${r.transport} | ${r.events} | ${r.writeRate} | ${r.rate} | ${r.latencyEvents} events at ${r.latencyRate}/s | ${r.p50} ms | ${r.p99} ms | ${new Date().toISOString().slice(0, 10)} |`;
  const lines = doc.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`| ${r.transport} |`));
  if (at >= 0) lines[at] = row;
  else {
    const sep = lines.findIndex((l, i) => l.startsWith('|---') && lines[i - 1] === header);
    lines.splice(sep + 1, 0, row);
  }
  await writeFile(path, lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
