// analytics ingestion and profile reads, as a client sees them: the built
// service in a child process on an embedded Postgres of its own.
//
//   npm run bench:analytics
//
// 1. /v1/batch: BENCH_ANALYTICS_SECONDS (20) of batches of 100 track events
//    (about 25 KB each, unique messageIds) from 16 connections; events/s =
//    events stored / duration (counted in raw_events afterwards). In the same
//    run, Postgres COPY of as many rows into a table shaped like raw_events:
//    the reference for what the database alone takes.
// 2. Profile reads: 1,000,000 events and 100,000 profiles (two identifiers
//    and three traits each) loaded with SQL, then profile(id) with traits,
//    personal traits and identifiers over /graphql (gateway credential, no
//    gateway) for random ids from 8 connections: p50 / p99 latency.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Role, signInternalToken } from '@platform/auth';
import { startEmbeddedPostgres } from '@platform/local-runtime';
import { profileIdOf } from '../../apps/analytics/src/identity/identity-rules';

const root = join(__dirname, '..', '..', '..');
const SECONDS = Number(process.env.BENCH_ANALYTICS_SECONDS ?? 20);
const BATCH = 100;
const PROFILES = 100_000;
const EVENTS = 1_000_000;
const COPY_ROWS = 200_000;
const PROJECTOR_WAIT_MS = Number(process.env.BENCH_ANALYTICS_PROJECTOR_WAIT_MS ?? 60_000);

/** COPY FROM STDIN with node-postgres' own protocol hooks (no pg-copy-streams in the tree). */
function copyIn(client: Client, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    const submittable = {
      // Returning anything from submit would read as a query error.
      submit: (connection: { query(text: string): void }) => {
        connection.query(sql);
      },
      handleCopyInResponse: (connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) => {
        for (let i = 0; i < data.length; i += 1 << 20) connection.sendCopyFromChunk(data.subarray(i, i + (1 << 20)));
        connection.endCopyFrom();
      },
      handleCommandComplete: () => undefined,
      handleReadyForQuery: () => (failed ? reject(failed) : resolve()),
      // node-postgres drops the active query on an error: no ReadyForQuery reaches it after one.
      handleError: (err: Error) => {
        failed = err;
        reject(err);
      },
      handleEmptyQuery: () => undefined,
      handleRowDescription: () => undefined,
      handleDataRow: () => undefined,
    };
    void client.query(submittable as never);
  });
}

const trackEvent = (i: number, run: string) => ({
  type: 'track',
  messageId: `${run}-${i}`,
  anonymousId: `anon-${i % 50_000}`,
  userId: i % 3 === 0 ? `user-${i % 20_000}` : undefined,
  event: 'Product Viewed',
  timestamp: new Date().toISOString(),
  properties: { sku: `SKU-${i % 1000}`, price: 19.99, currency: 'EUR', category: 'shoes', position: i % 20 },
  context: { page: { path: '/products/shoe', referrer: 'https://example.com/' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench', locale: 'en-GB' },
});

async function waitFor(url: string, child: ReturnType<typeof spawn>) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('analytics exited during start-up');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('analytics did not start');
}

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'analytics-bench-pg-')),
    port: 54000 + Math.floor(Math.random() * 900),
    databases: ['analytics', 'events'],
    persistent: false,
  });
  const secret = randomBytes(32).toString('hex');
  const port = 45000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'analytics', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: pg.url('analytics'),
      EVENTS_DATABASE_URL: pg.url('events'),
      INTERNAL_JWT_SECRET: secret,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const db = new Client({ connectionString: pg.url('analytics') });
  try {
    await waitFor(`${base}/health/live`, child);
    await db.connect();
    const token = await signInternalToken({ sub: 'bench', roles: [Role.Admin] }, secret);
    const graphql = async (query: string) =>
      (await (
        await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        })
      ).json()) as {
        data: { createTrackingSource: { writeKey: string } };
      };
    const { writeKey } = (
      await graphql(`
        mutation {
          createTrackingSource(input: { name: "Bench" }) {
            writeKey
          }
        }
      `)
    ).data.createTrackingSource;
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

    // 1. Ingestion.
    await fetch(`${base}/v1/track`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'warm', event: 'Warm' }),
    });
    const run = randomUUID().slice(0, 8);
    let next = 0;
    const ingest = await autocannon({
      url: `${base}/v1/batch`,
      connections: 16,
      duration: SECONDS,
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const from = next;
            next += BATCH;
            return {
              ...request,
              body: JSON.stringify({ batch: Array.from({ length: BATCH }, (_, i) => trackEvent(from + i, run)), sentAt: new Date().toISOString() }),
            };
          },
        },
      ],
    });
    const stored = Number((await db.query(`SELECT count(*) AS n FROM raw_events WHERE message_id LIKE $1`, [`${run}-%`])).rows[0].n);
    const non2xx = ingest.non2xx + ingest.errors;
    const eventsPerSecond = Math.round(stored / ingest.duration);
    console.error(
      `ingest: ${ingest.requests.total} requests, ${non2xx} failed, ${stored} events in ${ingest.duration.toFixed(1)} s, p50 ${ingest.latency.p50} ms, p99 ${ingest.latency.p99} ms`,
    );

    // The projector applies queued events to profiles behind ingestion; its rate, then what is left is dropped so reads run on a quiet machine.
    const pending = async () => Number((await db.query(`SELECT count(*) AS n FROM pending_events`)).rows[0].n);
    const queued = await pending();
    const drainStarted = Date.now();
    while ((await pending()) > 0 && Date.now() - drainStarted < PROJECTOR_WAIT_MS) await new Promise((r) => setTimeout(r, 1000));
    const left = await pending();
    const projectorSeconds = (Date.now() - drainStarted) / 1000;
    const projectorRate = Math.round((queued - left) / projectorSeconds);
    console.error(`projector: ${queued - left} of ${queued} queued events applied in ${projectorSeconds.toFixed(0)} s`);
    // Under the projector's own lock: a bare DELETE would deadlock with a batch it is applying.
    await db.query('BEGIN');
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('analytics.identity'))`);
    await db.query(`DELETE FROM pending_events`);
    await db.query('COMMIT');

    const copyRows = Math.min(stored, COPY_ROWS);
    await db.query(`CREATE TABLE copy_reference (LIKE raw_events INCLUDING DEFAULTS INCLUDING IDENTITY)`);
    const lines: string[] = [];
    for (let i = 0; i < copyRows; i++) {
      const e = trackEvent(i, `copy-${run}`);
      const json = (v: unknown) => JSON.stringify(v).replace(/\\/g, '\\\\');
      lines.push(
        [
          new Date().toISOString(),
          randomUUID(),
          e.messageId,
          e.type,
          e.userId ?? '\\N',
          e.anonymousId,
          e.event,
          '\\N',
          '\\N',
          '\\N',
          e.timestamp,
          e.timestamp,
          e.timestamp,
          json(e.context),
          '{}',
          json(e.properties),
        ].join('\t'),
      );
    }
    const payload = Buffer.from(`${lines.join('\n')}\n`);
    const copyStarted = process.hrtime.bigint();
    await copyIn(
      db,
      `COPY copy_reference (received_at, source_id, message_id, type, user_id, anonymous_id, event, name, group_id, previous_id, "timestamp", original_timestamp, sent_at, context, traits, properties) FROM STDIN`,
      payload,
    );
    const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
    const copyRowsPerSecond = Math.round(copyRows / copySeconds);
    console.error(`copy: ${copyRows} rows in ${copySeconds.toFixed(2)} s`);

    // 2. Profile reads over a loaded database.
    const loadStarted = Date.now();
    // Profile ids follow from the canonical identifier; computed here as the service does.
    const ids = Array.from({ length: PROFILES }, (_, i) => profileIdOf(`user_id:bench-profile-${i + 1}`));
    await db.query(
      `INSERT INTO identities (key, kind, value, profile_id, first_seen_at, last_seen_at)
       SELECT k.key, k.kind, k.value, x.id, now() - interval '90 days', now()
         FROM unnest($1::uuid[]) WITH ORDINALITY x(id, n)
        CROSS JOIN LATERAL (VALUES ('user_id:bench-profile-' || x.n, 'user_id', 'bench-profile-' || x.n),
                                   ('anonymous_id:bench-anon-' || x.n, 'anonymous_id', 'bench-anon-' || x.n)) k(key, kind, value)`,
      [ids],
    );
    await db.query(
      `INSERT INTO person_profiles (id, canonical_key, traits, first_seen_at, last_seen_at)
       SELECT x.id, 'user_id:bench-profile-' || x.n, jsonb_build_object('plan', 'pro', 'email', 'p' || x.n || '@example.test', 'visits', x.n % 40),
              now() - interval '90 days', now()
         FROM unnest($1::uuid[]) WITH ORDINALITY x(id, n)`,
      [ids],
    );
    await db.query(`
      INSERT INTO trait_observations (key, trait, value, observed_at, event_id)
      SELECT 'user_id:bench-profile-' || g, t.trait, t.value, now() - (g % 90) * interval '1 day', 'bench-' || g || '-' || t.trait
        FROM generate_series(1, ${PROFILES}) g
        CROSS JOIN LATERAL (VALUES ('plan', '"pro"'::jsonb), ('email', to_jsonb('p' || g || '@example.test')), ('visits', to_jsonb(g % 40))) t(trait, value)`);
    const have = Number((await db.query(`SELECT count(*) AS n FROM raw_events`)).rows[0].n);
    await db.query(
      `INSERT INTO raw_events (received_at, source_id, message_id, type, user_id, anonymous_id, event, "timestamp", context, properties)
       SELECT now(), gen_random_uuid(), 'bench-load-' || g, 'track', 'bench-profile-' || (g % ${PROFILES} + 1), 'bench-anon-' || (g % ${PROFILES} + 1), 'Page Viewed',
              now() - (g % 90) * interval '1 day', '{}', jsonb_build_object('path', '/p/' || (g % 500))
         FROM generate_series(1, $1::int) g`,
      [Math.max(0, EVENTS - have)],
    );
    await db.query(`ANALYZE`);
    const events = Number((await db.query(`SELECT count(*) AS n FROM raw_events`)).rows[0].n);
    console.error(`loaded ${PROFILES} profiles and ${events} events in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s`);

    // The gateway credential lives 60 seconds: a fresh one for the read phase.
    const readToken = await signInternalToken({ sub: 'bench', roles: [Role.Admin] }, secret);
    const read = await autocannon({
      url: `${base}/graphql`,
      connections: 8,
      duration: SECONDS,
      method: 'POST',
      headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              query: `query($id: ID!) { profile(id: $id) { id firstSeenAt lastSeenAt traits { name value } personalTraits { name value } identities { kind value } } }`,
              variables: { id: ids[Math.floor(Math.random() * ids.length)] },
            }),
          }),
        },
      ],
    });
    console.error(
      `reads: ${read.requests.total} in ${read.duration.toFixed(1)} s, ${read.non2xx + read.errors} failed, p50 ${read.latency.p50} ms, p99 ${read.latency.p99} ms`,
    );

    const table = [
      '| measure | result | target |',
      '|---|---|---|',
      `| /v1/batch ingestion (batches of ${BATCH}, 16 connections, ${SECONDS} s) | ${eventsPerSecond.toLocaleString('en')} events/s (${stored.toLocaleString('en')} stored, ${non2xx} failed requests; request p50 ${ingest.latency.p50} ms, p99 ${ingest.latency.p99} ms) | 20,000 events/s |`,
      `| Postgres COPY of ${copyRows.toLocaleString('en')} such rows (reference, same run) | ${copyRowsPerSecond.toLocaleString('en')} rows/s | - |`,
      `| profile projector behind ingestion (identity resolution of the queued events) | ${projectorRate.toLocaleString('en')} events/s (${(queued - left).toLocaleString('en')} of ${queued.toLocaleString('en')} in ${projectorSeconds.toFixed(0)} s) | - |`,
      `| profile(id) over /graphql, ${PROFILES.toLocaleString('en')} profiles, ${events.toLocaleString('en')} events (8 connections, ${SECONDS} s) | p50 ${read.latency.p50} ms, p99 ${read.latency.p99} ms (${Math.round(read.requests.average)} reads/s, ${read.non2xx + read.errors} failed) | p99 under 20 ms |`,
    ].join('\n');
    console.log(table);
    await record(table);
  } finally {
    await db.end().catch(() => undefined);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await pg.stop();
  }
}

/** Replaces the analytics section's table in docs/benchmarks.md. */
async function record(table: string) {
  const path = join(root, 'docs', 'benchmarks.md');
  const begin = '<!-- analytics-bench:begin -->';
  const end = '<!-- analytics-bench:end -->';
  let doc = await readFile(path, 'utf8');
  const block = `${begin}\nMeasured ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.\n\n${table}\n${end}`;
  if (doc.includes(begin)) doc = doc.slice(0, doc.indexOf(begin)) + block + doc.slice(doc.indexOf(end) + end.length);
  else doc += `\n## Analytics: tracking ingestion and profile reads\n\nCommand: \`npm run bench:analytics\`.\n\n${block}\n`;
  await writeFile(path, doc);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
