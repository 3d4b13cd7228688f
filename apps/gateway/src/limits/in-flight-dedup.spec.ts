import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InFlightDeduplication } from './in-flight-dedup';

/** A real express server whose handler counts its runs and holds each until released, so requests overlap for certain. */
async function serve() {
  const sharing = new InFlightDeduplication({ maxWaitMs: 5_000 });
  const runs: string[] = [];
  const held: Array<() => void> = [];
  const app = express();
  app.use(express.json());
  // The caller is the x-caller header; "bad" stands for a token that does not verify.
  app.use(
    '/graphql',
    sharing.middleware(async (req) => (req.headers['x-caller'] === 'bad' ? null : String(req.headers['x-caller'] ?? 'anonymous'))),
  );
  app.post('/graphql', (req, res) => {
    const run = runs.push(`${req.headers['x-caller']}:${req.body.query}`);
    held.push(() => res.set('x-run', String(run)).json({ data: { run, caller: req.headers['x-caller'] ?? null, variables: req.body.variables ?? null } }));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const call = async (query: string, caller?: string, variables?: unknown, accept?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(caller ? { 'x-caller': caller } : {}), ...(accept ? { accept } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, run: res.headers.get('x-run'), body: (await res.json()) as { data: { run: number; caller: string | null } } };
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(check()).toBe(true);
  };
  const releaseAll = () => {
    while (held.length) held.shift()!();
  };
  return { sharing, runs, held, call, until, releaseAll, url, close: () => new Promise((r) => server.close(r)) };
}

describe('InFlightDeduplication', () => {
  it('answers identical queries of one caller with one execution and its very response', async () => {
    const s = await serve();
    try {
      const answers = Promise.all([1, 2, 3, 4, 5].map(() => s.call('{ slow }', 'alice')));
      await s.until(() => s.held.length === 1);
      await new Promise((r) => setTimeout(r, 30));
      s.releaseAll();
      const results = await answers;
      expect(results.map((r) => [r.status, r.run, r.body.data.run])).toEqual(Array(5).fill([200, '1', 1]));
      expect(s.runs).toEqual(['alice:{ slow }']);
      expect(s.sharing.size).toBe(0);
      // Once answered, the next identical query runs again: only requests in flight share.
      const again = s.call('{ slow }', 'alice');
      await s.until(() => s.held.length === 1);
      s.releaseAll();
      expect((await again).body.data.run).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('never shares between callers, variables, media types or documents, nor mutations or unverified tokens', async () => {
    const s = await serve();
    try {
      const answers = Promise.all([
        s.call('{ slow }', 'alice'),
        s.call('{ slow }', 'bob'),
        s.call('{ slow }'),
        s.call('query($n: Int) { slow(n: $n) }', 'alice', { n: 1 }),
        s.call('query($n: Int) { slow(n: $n) }', 'alice', { n: 2 }),
        s.call('{ slow }', 'alice', undefined, 'application/graphql-response+json'),
        s.call('{ other: slow }', 'alice'),
        s.call('mutation { bump }', 'alice'),
        s.call('mutation { bump }', 'alice'),
        s.call('{ slow }', 'bad'),
        s.call('{ slow }', 'bad'),
      ]);
      await s.until(() => s.held.length === 11);
      s.releaseAll();
      const runs = (await answers).map((r) => r.body.data.run);
      expect(new Set(runs).size).toBe(11);
    } finally {
      await s.close();
    }
  });

  it('lets a waiting request run itself when the first one ends without an answer', async () => {
    const s = await serve();
    try {
      const controller = new AbortController();
      const leader = fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-caller': 'carol' },
        body: JSON.stringify({ query: '{ slow }' }),
        signal: controller.signal,
      }).catch(() => 'aborted');
      await s.until(() => s.held.length === 1);
      const follower = s.call('{ slow }', 'carol');
      await new Promise((r) => setTimeout(r, 30));
      expect(s.held.length).toBe(1);
      controller.abort();
      expect(await leader).toBe('aborted');
      await s.until(() => s.held.length === 2);
      s.releaseAll();
      expect((await follower).body.data.run).toBe(2);
    } finally {
      await s.close();
    }
  });
});
