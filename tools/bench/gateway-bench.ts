// The Guild's federation gateway benchmark workload (four static subgraphs,
// its deeply nested query, 50 concurrent clients), run in one go against:
// stock @apollo/gateway with defaults, Hive Gateway with defaults, Hive
// Gateway with the benchmark's own settings (JIT, deduplication of identical
// in-flight requests), and the platform's gateway. Every gateway must give
// the same answer before it is measured.
//
//   npm run bench:gateways            (BENCH_SECONDS=10 BENCH_VUS=50)
//
// The peers are installed into tools/bench/peers (its own package.json) by
// the npm script, never by the root install.
import autocannon from 'autocannon';
import { composeServices } from '@apollo/composition';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { Role, signUserToken } from '@platform/auth';
import { freePort } from '../../libs/testing/src/ports';
import { recordSection, rssMb } from './bench-report';
import { GUILD_QUERY, GUILD_SUBGRAPHS, guildTypeDefs } from './guild-subgraphs';

const root = join(__dirname, '..', '..', '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const vus = Number(process.env.BENCH_VUS ?? 50);
const peers = join(root, 'tools', 'bench', 'peers', 'node_modules', '.bin');
/** BENCH_PROFILE=<dir>: the platform gateway writes a V8 CPU profile there when it stops. */
const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output.slice(-2000)}`)));
    child.stdout!.on('data', () => resolve(child));
  });
}

async function ready(url: string, headers: Record<string, string>) {
  for (let i = 0; i < 150; i++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: GUILD_QUERY }),
      });
      if (res.ok) return (await res.json()) as { data?: unknown; errors?: unknown };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const subgraphPort = await freePort();
  const children: ChildProcess[] = [];
  const rows: string[] = [];
  try {
    children.push(await start('subgraphs', process.execPath, [join(__dirname, 'guild-subgraphs.js'), String(subgraphPort)], {}));
    const composed = composeServices(
      GUILD_SUBGRAPHS.map((name) => ({ name, url: `http://127.0.0.1:${subgraphPort}/${name}`, typeDefs: parse(guildTypeDefs(name)) })),
    );
    if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
    const supergraphPath = join(work, 'supergraph.graphql');
    await writeFile(supergraphPath, composed.supergraphSdl);
    // The benchmark's own Hive Gateway settings, in a directory of their own (the CLI reads gateway.config.* from its working directory).
    const tuned = await mkdtemp(join(work, 'hive-tuned-'));
    await writeFile(join(tuned, 'gateway.config.mjs'), 'export const gatewayConfig = { inboundInflightRequestDeduplication: true, jit: true };\n');
    const plain = await mkdtemp(join(work, 'hive-plain-'));

    const secrets = { jwt: randomBytes(32).toString('hex'), internal: randomBytes(32).toString('hex') };
    const token = await signUserToken({ sub: 'bench', roles: [Role.Admin] }, secrets.jwt);
    const gateways: Array<{ name: string; launch: (port: number) => Promise<ChildProcess>; headers: Record<string, string> }> = [
      {
        name: 'stock @apollo/gateway (defaults)',
        launch: (port) => start('apollo', process.execPath, [join(__dirname, 'guild-apollo-gateway.js'), supergraphPath, String(port)], {}),
        headers: {},
      },
      {
        name: 'Hive Gateway (defaults)',
        launch: (port) =>
          start(
            'hive',
            join(peers, 'hive-gateway'),
            ['supergraph', supergraphPath, '--port', String(port), '--host', '127.0.0.1'],
            { NODE_ENV: 'production' },
            plain,
          ),
        headers: {},
      },
      {
        name: 'Hive Gateway (JIT, in-flight deduplication)',
        launch: (port) =>
          start(
            'hive-tuned',
            join(peers, 'hive-gateway'),
            ['supergraph', supergraphPath, '--port', String(port), '--host', '127.0.0.1'],
            { NODE_ENV: 'production' },
            tuned,
          ),
        headers: {},
      },
      {
        name: 'platform gateway',
        launch: (port) =>
          start('platform', process.execPath, [...profile, join(root, 'dist', 'apps', 'gateway', 'src', 'main.js')], {
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: String(port),
            SUPERGRAPH_PATH: supergraphPath,
            // The workload has a subgraph named like the platform's inventory: point that name at it.
            INVENTORY_URL: `http://127.0.0.1:${subgraphPort}/inventory`,
            JWT_SECRET: secrets.jwt,
            INTERNAL_JWT_SECRET: secrets.internal,
            LOG_LEVEL: 'warn',
            GATEWAY_RATE_PER_SECOND: '1000000',
            GATEWAY_RATE_BURST: '1000000',
            GATEWAY_MAX_IN_FLIGHT: String(vus * 2),
          }),
        headers: { authorization: `Bearer ${token}` },
      },
    ];

    let reference: string | undefined;
    const results: Array<{ name: string; rps: number; p50: number; p99: number; errors: number; rss?: number }> = [];
    // BENCH_ONLY=platform measures only the gateways whose names contain it (the table is then not recorded).
    for (const gateway of gateways.filter((g) => !process.env.BENCH_ONLY || g.name.includes(process.env.BENCH_ONLY))) {
      const port = await freePort();
      const child = await gateway.launch(port);
      children.push(child);
      const url = `http://127.0.0.1:${port}/graphql`;
      const answer = JSON.stringify(await ready(url, gateway.headers));
      reference ??= answer;
      if (answer !== reference) throw new Error(`${gateway.name} answers differently:\n${answer.slice(0, 500)}\nvs\n${reference.slice(0, 500)}`);
      const body = JSON.stringify({ query: GUILD_QUERY });
      const options = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json', ...gateway.headers }, connections: vus };
      await new Promise((resolve, reject) => autocannon({ ...options, amount: vus * 20 }, (err, r) => (err ? reject(err) : resolve(r))));
      const r = await new Promise<autocannon.Result>((resolve, reject) =>
        autocannon({ ...options, duration: seconds }, (err, res) => (err ? reject(err) : resolve(res))),
      );
      const result = {
        name: gateway.name,
        rps: Math.round(r.requests.average),
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts + r.non2xx,
        rss: await rssMb(child.pid!),
      };
      console.error(JSON.stringify(result));
      results.push(result);
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
    const stock = results.find((r) => r.name.startsWith('stock'))?.rps ?? NaN;
    rows.push(...results.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.rss ?? ''} MB | ${(r.rps / stock).toFixed(2)}x |`));
  } finally {
    for (const child of children) child.kill();
  }
  const table = [
    `${vus} connections, ${seconds} s per gateway after ${vus * 20} warm-up requests, the subgraphs answering from memory; p50/p99 in ms; RSS of the gateway after its run. Published (2026-03, a gateway on 2 cores): stock @apollo/gateway 91 requests/s, Hive Gateway 291, Apollo Router 353, Hive Router 1,709.`,
    '',
    '| gateway | requests/s | p50 | p99 | failed | RSS | vs stock @apollo/gateway |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(table);
  if (!process.env.BENCH_ONLY) await recordSection('gateway-bench', '## Gateways on the Guild workload', 'npm run bench:gateways', table);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
