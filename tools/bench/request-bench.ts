// The request path beside its floor, in one run: a bare Node http server
// answering the same bytes, a bare Node server running the same SQL through
// pg, the crm subgraph straight and through the gateway, and a list with
// fields from four subgraphs. Every target is driven by autocannon on
// loopback with the same connections and duration; the figures that matter
// are the ratios (the machine is shared and noisy).
//
//   npm run bench:requests                  (BENCH_SECONDS=8 BENCH_CONNECTIONS=20)
//   BENCH_ONLY=gateway-list npm run bench:requests
//
// The platform runs from dist/ with a throw-away embedded Postgres, as in the
// e2e suite; the result table replaces its section of docs/benchmarks.md.
import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, signInternalToken, signUserToken } from '@platform/auth';
import { SUBGRAPH_NAMES } from '@platform/config';
import { startPlatform } from '@platform/local-runtime';
import { freePort } from '../../libs/testing/src/ports';
import { cpuMs, recordSection, rssMb } from './bench-report';
import { performance } from 'node:perf_hooks';

const root = join(__dirname, '..', '..', '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const only = process.env.BENCH_ONLY?.split(',');
/** The gateway's admission limits as deployed, passed through for the overload target. */
const limitsEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^GATEWAY_(MAX_|QUEUE_)/.test(k))) as Record<string, string>;

export const QUERIES = {
  trivial: '{ __typename }',
  list: 'query List { customers(first: 20) { nodes { id name email createdAt } } }',
  fourSubgraphs:
    'query FourSubgraphs { customers(first: 20) { nodes { id name email openBalance { amount currency } orders(first: 5) { __typename } profile { id } } } }',
};

/** The crm statement behind `customers(first: 20) { nodes { id name email createdAt } }`, for the pg floor. */
const LIST_SQL = 'SELECT c.id, c.name, c.email, c.created_at FROM customers c ORDER BY c.created_at, c.id LIMIT 21';

interface Result {
  target: string;
  what: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  rssMb?: number;
  /** CPU time the serving processes spent per request (all of them for the gateway targets). */
  cpuPerRequest?: number;
}

/** Headers per connection: each connection a caller of its own, as many users are (identical queries of one caller share one execution). */
type Callers = Record<string, string>[];

function drive(url: string, body: string | undefined, headers: Record<string, string>, callers?: Callers, amount?: number) {
  let next = 0;
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url,
        connections,
        ...(amount ? { amount } : { duration: seconds }),
        method: body ? 'POST' : 'GET',
        body,
        headers: { 'content-type': 'application/json', ...headers },
        setupClient: callers ? (client) => client.setHeaders({ 'content-type': 'application/json', ...callers[next++ % callers.length] }) : undefined,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

async function measure(
  target: string,
  what: string,
  url: string,
  body: string | undefined,
  headers: Record<string, string> | Callers,
  pid?: number,
  cpuPids: number[] = pid ? [pid] : [],
) {
  const [common, callers] = Array.isArray(headers) ? [{}, headers] : [headers, undefined];
  // A short warm-up so JIT, pools and caches are as they are in service.
  await drive(url, body, common, callers, 200);
  const cpuBefore = await Promise.all(cpuPids.map(cpuMs));
  const r = await drive(url, body, common, callers);
  const cpuAfter = await Promise.all(cpuPids.map(cpuMs));
  const cpu = cpuAfter.reduce((sum, after, i) => sum + after - cpuBefore[i], 0);
  const result: Result = {
    target,
    what,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMb: pid ? await rssMb(pid) : undefined,
    cpuPerRequest: cpuPids.length ? cpu / r.requests.total : undefined,
  };
  console.error(JSON.stringify(result));
  return result;
}

/**
 * `clients` concurrent callers on kept-alive connections for `seconds`,
 * latencies kept apart for answers served (2xx) and refused (429/503):
 * autocannon's single histogram would mix the two.
 */
async function overload(url: string, body: string, callers: Callers) {
  const clients = callers.length;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const served: number[] = [];
  const refused: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const one = (headers: Record<string, string>) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => {
            const ms = performance.now() - started;
            (res.statusCode === 200 ? served : refused).push(ms);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    callers.map(async (headers) => {
      while (Date.now() < end) await one(headers);
    }),
  );
  agent.destroy();
  const pct = (xs: number[], p: number) => (xs.length ? Math.round(xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]) : 0);
  return { served: served.length, refused: refused.length, errors, servedP50: pct(served, 50), servedP99: pct(served, 99), refusedP99: pct(refused, 99) };
}

/** A child process serving one of the floors; resolves once it listens. */
function floor(kind: 'http' | 'pg', port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'floor-server.js'), kind, String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floor ${kind} exited with ${code}`)));
    child.stdout!.once('data', () => resolve(child));
  });
}

async function gql(url: string, token: string, query: string, variables?: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function main() {
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), internalJwtSecret: randomBytes(32).toString('hex') };
  const ports = Object.fromEntries(await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, await freePort()])));
  const log = createWriteStream(join(tmpdir(), 'request-bench.log'));
  const platform = await startPlatform({
    distDir: join(root, 'dist'),
    postgresDir: await mkdtemp(join(tmpdir(), 'request-bench-pg-')),
    postgresPort: await freePort(),
    persistent: false,
    ports,
    secrets,
    // One bench user drives every target: its rate is not what is measured (the overload target sets its own limits).
    env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', GATEWAY_RATE_PER_SECOND: '1000000', GATEWAY_RATE_BURST: '1000000', ...limitsEnv },
    // BENCH_PROFILE=<dir>: every process writes a V8 CPU profile there when it stops.
    nodeArgs: [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      // BENCH_NODE_ARGS: Node options to try on every process (e.g. heap sizes).
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    output: (name, line) => log.write(`${name}| ${line}\n`),
  });
  const children: ChildProcess[] = [];
  let overloadLine = '';
  let soakLine = '';
  const results: Result[] = [];
  try {
    const userToken = await signUserToken({ sub: 'bench', roles: [Role.Admin] }, secrets.jwtSecret);
    const gateway = platform.gatewayUrl;
    const crm = `${platform.serviceUrls.crm}/graphql`;
    for (let i = 0; i < 40; i++) {
      await gql(gateway, userToken, 'mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
        input: { name: `Customer ${i}`, email: `customer${i}@example.test` },
      });
    }
    const listBytes = JSON.stringify(await gql(gateway, userToken, QUERIES.list));
    const body = (query: string) => JSON.stringify({ query });
    const userHeaders = { authorization: `Bearer ${userToken}` };
    const users: Callers = await Promise.all(
      Array.from({ length: connections }, async (_, i) => ({
        authorization: `Bearer ${await signUserToken({ sub: `bench-${i}`, roles: [Role.Admin] }, secrets.jwtSecret)}`,
      })),
    );
    // Internal credentials live a few minutes: one per target.
    const internalHeaders = async () => ({
      authorization: `Bearer ${await signInternalToken({ sub: 'bench', roles: [Role.Admin] }, secrets.internalJwtSecret)}`,
    });
    const pid = (name: string) => platform.supervisor.pid(name);
    // CPU is counted in the processes a target involves: every process also has background work (relays, schedulers).
    const involved = (...names: string[]) => names.map((name) => pid(name)!).filter(Boolean);

    const httpPort = await freePort();
    const httpFloor = await floor('http', httpPort, { FLOOR_BODY: JSON.stringify({ data: JSON.parse(listBytes) }) });
    children.push(httpFloor);
    const pgPort = await freePort();
    const pgFloor = await floor('pg', pgPort, { FLOOR_DATABASE_URL: platform.postgres!.url('crm'), FLOOR_SQL: LIST_SQL });
    children.push(pgFloor);

    const targets: Array<[string, string, () => Promise<Result>]> = [
      [
        'http-floor',
        'bare Node http server, the same JSON bytes',
        async () => measure('http-floor', 'bare http', `http://127.0.0.1:${httpPort}/`, undefined, {}, httpFloor.pid),
      ],
      [
        'pg-floor',
        'bare Node http + pg, the same SQL and rows',
        async () => measure('pg-floor', 'bare pg', `http://127.0.0.1:${pgPort}/`, undefined, {}, pgFloor.pid),
      ],
      [
        'crm-trivial',
        '`{ __typename }` straight to crm',
        async () => measure('crm-trivial', 'crm', crm, body(QUERIES.trivial), await internalHeaders(), pid('crm')),
      ],
      [
        'gateway-trivial',
        '`{ __typename }` through the gateway',
        async () => measure('gateway-trivial', 'gateway', gateway, body(QUERIES.trivial), users, pid('gateway'), involved('gateway')),
      ],
      ['crm-list', '20-customer list straight to crm', async () => measure('crm-list', 'crm', crm, body(QUERIES.list), await internalHeaders(), pid('crm'))],
      [
        'gateway-list',
        '20-customer list through the gateway, one user per connection',
        async () => measure('gateway-list', 'gateway', gateway, body(QUERIES.list), users, pid('gateway'), involved('gateway', 'crm')),
      ],
      [
        'gateway-list-one-user',
        'the same list, all connections one user (identical queries in flight share one execution)',
        async () => measure('gateway-list-one-user', 'gateway', gateway, body(QUERIES.list), userHeaders, pid('gateway'), involved('gateway', 'crm')),
      ],
      [
        'gateway-four',
        '20 customers with fields from crm, finance, inventory and analytics, through the gateway',
        async () =>
          measure(
            'gateway-four',
            'gateway',
            gateway,
            body(QUERIES.fourSubgraphs),
            users,
            pid('gateway'),
            involved('gateway', 'crm', 'finance', 'inventory', 'analytics'),
          ),
      ],
    ];
    for (const [name, what, run] of targets) {
      if (only && !only.includes(name)) continue;
      const result = await run();
      results.push({ ...result, what });
    }
    // BENCH_SOAK_SECONDS=300: the four-subgraph list sustained, every process's memory sampled as it runs.
    const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
    if (soakSeconds > 0) {
      const names = [...SUBGRAPH_NAMES, 'gateway'];
      const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      const sample = async () => {
        for (const name of names) samples[name].push((await rssMb(pid(name)!)) ?? NaN);
      };
      await sample();
      const timer = setInterval(() => void sample(), 15_000);
      const run = await new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          {
            url: gateway,
            connections,
            duration: soakSeconds,
            method: 'POST',
            body: body(QUERIES.fourSubgraphs),
            setupClient: (client) => client.setHeaders({ 'content-type': 'application/json', ...users[Math.floor(Math.random() * users.length)] }),
          },
          (err, result) => (err ? reject(err) : resolve(result)),
        ),
      );
      clearInterval(timer);
      await sample();
      soakLine = `${soakSeconds} s of the four-subgraph list at ${connections} connections: ${Math.round(run.requests.average)} requests/s, p99 ${run.latency.p99} ms, ${run.non2xx + run.errors} failed; RSS MB (start / peak / end): ${names
        .map((n) => `${n} ${samples[n][0]} / ${Math.max(...samples[n])} / ${samples[n][samples[n].length - 1]}`)
        .join(', ')}.`;
      console.error(soakLine);
    }
    if (!only || only.includes('overload')) {
      const clients = connections * 10;
      const before = await rssMb(pid('gateway')!);
      const many: Callers = await Promise.all(
        Array.from({ length: clients }, async (_, i) => ({
          authorization: `Bearer ${await signUserToken({ sub: `bench-${i}`, roles: [Role.Admin] }, secrets.jwtSecret)}`,
        })),
      );
      const o = await overload(gateway, body(QUERIES.fourSubgraphs), many);
      const after = await rssMb(pid('gateway')!);
      console.error(JSON.stringify({ target: 'overload', ...o, before, after }));
      overloadLine = `${clients} connections on the four-subgraph list for ${seconds} s (10x the connections above): ${Math.round(o.served / seconds)} served/s, p50 ${o.servedP50} ms, p99 ${o.servedP99} ms; ${o.refused} refused (p99 ${o.refusedP99} ms); ${o.errors} connection errors; gateway RSS ${before} -> ${after} MB.`;
    }
  } finally {
    for (const child of children) child.kill();
    await platform.stop();
    log.end();
  }

  const by = (name: string) => results.find((r) => r.target === name);
  const ratio = (a?: Result, b?: Result) => (a && b ? `${Math.round((100 * a.rps) / b.rps)}% of ${b.target}` : '');
  const reference: Record<string, Result | undefined> = {
    'crm-trivial': by('http-floor'),
    'crm-list': by('pg-floor'),
    'gateway-trivial': by('crm-trivial'),
    'gateway-list': by('crm-list'),
    'gateway-list-one-user': by('crm-list'),
    'gateway-four': by('gateway-list'),
  };
  const table = [
    `${connections} connections, ${seconds} s per target, after 200 warm-up requests; p50/p99 in ms; RSS of the serving process after the run; CPU ms/request: CPU time per request of the processes a target involves (the gateway and the subgraphs it calls), the background work they do meanwhile included, the figure least moved by other load on the machine.`,
    '',
    '| target | what | requests/s | p50 | p99 | non-2xx | errors | RSS | CPU ms/request | ratio |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.target} | ${r.what} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${r.rssMb ? `${r.rssMb} MB` : ''} | ${r.cpuPerRequest?.toFixed(2) ?? ''} | ${ratio(r, reference[r.target])} |`,
    ),
    '',
    overloadLine && `Overload: ${overloadLine}`,
    '',
    soakLine && `Sustained: ${soakLine}`,
  ].join('\n');
  console.log(table);
  if (!only) await recordSection('request-bench', '## Request path', 'npm run bench:requests', table);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
