// Events through the whole path, as two services would run it: a producer
// process writes commands (10 events per transaction, 8 at a time) into its
// outbox and runs the relay; a consumer process (its own database) applies
// them through its inbox. Measures the sustained end-to-end rate, then the
// latency from event time to the consumer's commit at half that rate.
//
//   npm run bench:events          # embedded log
//   npm run bench:events:kafka    # Kafka (tools/kafka starts a broker)
//
// BENCH_EVENTS (20000) and BENCH_SECONDS (10) size the two phases. In the
// same run, the floors: the same number of rows written by raw pg in the
// producer's shape (10 rows per transaction, 8 at a time, one multi-row
// insert each), and on Kafka the same number of messages produced in
// batches and consumed by raw kafkajs.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client, Pool } from 'pg';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createEventBus, Outbox, OutboxRelay } from '@platform/events';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { eventTestMigrations, testRegistry, widgetCountedV1 } from '../../libs/events/src/testing/event-test-kit';
import { setTimeout as sleep } from 'node:timers/promises';

const total = Number(process.env.BENCH_EVENTS ?? 20_000);
const latencySeconds = Number(process.env.BENCH_SECONDS ?? 10);
const root = join(__dirname, '..', '..', '..');
const consumerScript = join(root, 'dist', 'libs', 'events', 'src', 'testing', 'consumer-process.js');

/** Rows/s that raw pg writes in the producer's shape: 10 rows per transaction, 8 transactions at a time. */
async function rawInsertRate(url: string, total: number, body: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 8 });
  await pool.query('CREATE TABLE raw_floor (id bigserial PRIMARY KEY, key text NOT NULL, body jsonb NOT NULL)');
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const client = await pool.connect();
      try {
        while (next < total) {
          next += 10;
          await client.query('BEGIN');
          await client.query('INSERT INTO raw_floor (key, body) SELECT * FROM unnest($1::text[], $2::jsonb[])', [
            Array.from({ length: 10 }, (_, i) => `w${(next + i) % 64}`),
            Array(10).fill(body),
          ]);
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    }),
  );
  const rate = total / ((Date.now() - started) / 1000);
  await pool.end();
  return rate;
}

/** Messages/s from the first send to the last message consumed, raw kafkajs, batches of 1,000 with acks=-1 as the relay sends. */
async function rawKafkaRate(brokers: string, total: number, body: string): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = `bench-raw-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 8 }], waitForLeaders: true });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (consumed >= total) done();
    },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  for (let sent = 0; sent < total; sent += 1000) {
    const messages = Array.from({ length: Math.min(1000, total - sent) }, (_, i) => ({ key: `w${(sent + i) % 64}`, value: body }));
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
  }
  await all;
  const rate = total / ((Date.now() - started) / 1000);
  await producer.disconnect();
  await consumer.disconnect();
  return rate;
}

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: ['producer', 'consumer', 'events'],
    persistent: false,
  });
  const busConfig = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, EVENTS_DATABASE_URL: pg.url('events') };
  const db = createDataSource({ url: pg.url('producer'), entities: [], migrations: eventTestMigrations, applicationName: 'bench', poolSize: 10 });
  await connectAndMigrate(db, { log: () => undefined });
  const bus = createEventBus(busConfig, 'bench');
  const outbox = new Outbox('bench', testRegistry);
  const relay = new OutboxRelay(db, bus, { batchSize: 1000 });

  const consumer = spawn(process.execPath, [consumerScript], {
    env: { ...process.env, ...busConfig, KAFKA_BROKERS: busConfig.KAFKA_BROKERS ?? '', DATABASE_URL: pg.url('consumer'), GROUP: `bench-${Date.now()}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    consumer.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('subscribed') && resolve());
    consumer.once('exit', (code) => reject(new Error(`consumer exited with ${code}`)));
  });
  // An envelope as the outbox stores it, for the floors' payloads.
  const sampleBody = JSON.stringify({
    id: '00000000-0000-4000-8000-000000000000',
    type: widgetCountedV1.type,
    version: 1,
    source: 'bench',
    subject: 'w1',
    time: new Date().toISOString(),
    data: { widget: 'w1', n: 1 },
  });
  const insertFloor = await rawInsertRate(pg.url('producer'), total, sampleBody);
  const kafkaFloor = busConfig.KAFKA_BROKERS ? await rawKafkaRate(busConfig.KAFKA_BROKERS, total, sampleBody) : undefined;
  console.error(JSON.stringify({ insertFloor: Math.round(insertFloor), kafkaFloor: kafkaFloor && Math.round(kafkaFloor) }));
  const results = new Client({ connectionString: pg.url('consumer') });
  await results.connect();
  const applied = async () => Number((await results.query('SELECT count(*) AS n FROM applied')).rows[0].n);
  await relay.start();

  const write = (from: number, count: number) =>
    db.transaction((m) =>
      outbox.append(
        m,
        Array.from({ length: count }, (_, i) => ({
          type: widgetCountedV1.type,
          version: 1,
          subject: `w${(from + i) % 64}`,
          data: { widget: `w${(from + i) % 64}`, n: from + i },
        })),
      ),
    );

  // Phase 1: as fast as the producer can write.
  const started = new Date();
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
  const writeSeconds = (Date.now() - started.getTime()) / 1000;
  while ((await applied()) < total) await sleep(20);
  const { rows: span } = await results.query(`SELECT extract(epoch FROM max(applied_at) - $1::timestamptz) AS s FROM applied`, [started]);
  const seconds = Number(span[0].s);
  const rate = total / seconds;

  // Phase 2: latency at half that rate.
  const target = Number(process.env.BENCH_RATE ?? rate / 2);
  const phaseStart = Date.now();
  let sent = 0;
  while (Date.now() - phaseStart < latencySeconds * 1000) {
    const due = Math.floor(((Date.now() - phaseStart) / 1000) * target);
    while (sent + 10 <= due) {
      await write(total + sent, 10);
      sent += 10;
    }
    await sleep(2);
  }
  while ((await applied()) < total + sent) await sleep(20);
  const { rows: latency } = await results.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM (SELECT extract(epoch FROM applied_at - event_time) * 1000 AS ms FROM applied WHERE n >= $1) l`,
    [total],
  );

  consumer.kill('SIGTERM');
  await new Promise((resolve) => consumer.once('exit', resolve));
  await results.end();
  await relay.stop();
  await bus.close();
  await db.destroy();
  await pg.stop();

  const result = {
    transport: bus.transport,
    events: total,
    writeRate: Math.round(total / writeSeconds),
    rate: Math.round(rate),
    latencyRate: Math.round(target),
    latencyEvents: sent,
    p50: Math.round(Number(latency[0].p50)),
    p99: Math.round(Number(latency[0].p99)),
    insertFloor: Math.round(insertFloor),
    kafkaFloor: kafkaFloor === undefined ? '-' : Math.round(kafkaFloor),
  };
  console.log(JSON.stringify(result));
  await record(result);
}

/** Replaces this transport's row in docs/benchmarks.md. */
async function record(r: Record<string, string | number>) {
  const path = join(root, 'docs', 'benchmarks.md');
  const section = '## Events: outbox -> bus -> inbox';
  const header =
    '| transport | events | outbox writes/s | raw pg rows/s, same shape | raw kafkajs messages/s | end-to-end events/s | latency phase | p50 | p99 | date |';
  let doc = await readFile(path, 'utf8').catch(
    () => `# Benchmarks\n\nMeasured on the project machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n`,
  );
  if (!doc.includes(section)) {
    doc += `
${section}

Command: \`npm run bench:events\` (embedded log) and \`npm run bench:events:kafka\` (Kafka from tools/kafka); ${total} events.
A producer process writes 10 events per transaction, 8 transactions at a time, into its outbox and runs
the relay; a consumer process applies them through its inbox into its own database. End-to-end rate:
events / (last consumer commit - start). Then ${latencySeconds} s at half that rate: latency from event time to
the consumer's commit. Postgres, the broker and both processes share the machine.

${header}
|---|---|---|---|---|---|---|---|---|---|
`;
  }
  // A table of an older layout is replaced, header and rows.
  const old = doc.split('\n').findIndex((l) => l.startsWith('| transport | events |') && l !== header);
  if (old >= 0) {
    const lines = doc.split('\n');
    let end = old + 2;
    while (lines[end]?.startsWith('| ')) end++;
    lines.splice(old, end - old, header, '|---|---|---|---|---|---|---|---|---|---|');
    doc = lines.join('\n');
  }
  const row = `| ${r.transport} | ${r.events} | ${r.writeRate} | ${r.insertFloor} | ${r.kafkaFloor} | ${r.rate} | ${r.latencyEvents} events at ${r.latencyRate}/s | ${r.p50} ms | ${r.p99} ms | ${new Date().toISOString().slice(0, 10)} |`;
  const lines = doc.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`| ${r.transport} |`));
  if (at >= 0) lines[at] = row;
  else lines.splice(lines.findIndex((l, i) => l.startsWith('|---') && lines[i - 1] === header) + 1, 0, row);
  await writeFile(path, lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
