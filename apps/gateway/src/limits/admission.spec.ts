import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Admission, type AdmissionOptions } from './admission';

/** A real express server on loopback whose handler holds each request until released. */
async function serve(options: AdmissionOptions) {
  const admission = new Admission(options);
  const held: Array<() => void> = [];
  const app = express();
  app.use(
    '/graphql',
    admission.middleware(async (req) => `caller:${req.headers['x-caller'] ?? 'anonymous'}`),
  );
  app.post('/graphql', (_req, res) => {
    held.push(() => res.json({ data: { ok: true } }));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const call = async (caller = 'a') => {
    const response = await fetch(url, { method: 'POST', headers: { 'x-caller': caller, 'content-type': 'application/json' }, body: '{}' });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { errors?: { extensions: { code: string } }[] },
    };
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(check()).toBe(true);
  };
  return { admission, held, call, until, url, close: () => new Promise((r) => server.close(r)) };
}

const roomy = { maxInFlight: 100, maxQueued: 100, queueTimeoutMs: 1000, ratePerSecond: 1000, burst: 1000 };

describe('Admission', () => {
  it('serves up to maxInFlight, queues maxQueued, refuses the rest at once with 503 and Retry-After', async () => {
    const s = await serve({ ...roomy, maxInFlight: 2, maxQueued: 1 });
    try {
      const first = [s.call(), s.call(), s.call()];
      await s.until(() => s.held.length === 2 && s.admission.load.queued === 1);
      const refused = await s.call();
      expect(refused).toEqual({
        status: 503,
        retryAfter: '1',
        body: { errors: [{ message: expect.stringMatching(/at capacity/), extensions: { code: 'OVERLOADED' } }] },
      });
      // Finishing one request admits the queued one.
      s.held.shift()!();
      await s.until(() => s.held.length === 2 && s.admission.load.queued === 0);
      while (s.held.length) s.held.shift()!();
      expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200, 200]);
      expect(s.admission.load).toEqual({ inFlight: 0, queued: 0 });
      expect(s.admission.refused).toEqual({ rate: 0, overload: 1 });
    } finally {
      await s.close();
    }
  });

  it('refuses a request that waited in the queue past its time, and frees its place', async () => {
    const s = await serve({ ...roomy, maxInFlight: 1, maxQueued: 5, queueTimeoutMs: 50 });
    try {
      const held = s.call();
      await s.until(() => s.held.length === 1);
      expect((await s.call()).status).toBe(503);
      expect(s.admission.load).toEqual({ inFlight: 1, queued: 0 });
      s.held.shift()!();
      expect((await held).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('limits each caller to its own rate, so one busy caller does not refuse another', async () => {
    const s = await serve({ ...roomy, ratePerSecond: 1, burst: 3 });
    try {
      const busy = [s.call('busy'), s.call('busy'), s.call('busy')];
      await s.until(() => s.held.length === 3);
      const limited = await s.call('busy');
      expect(limited).toMatchObject({ status: 429, retryAfter: '1', body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] } });
      const other = s.call('quiet');
      await s.until(() => s.held.length === 4);
      while (s.held.length) s.held.shift()!();
      expect((await other).status).toBe(200);
      expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      await s.close();
    }
  });

  it('refills a bucket at the configured rate', () => {
    const admission = new Admission({ ...roomy, ratePerSecond: 10, burst: 2 });
    const t = 1_000_000;
    expect([admission.take('x', t), admission.take('x', t), admission.take('x', t)]).toEqual([0, 0, 1]);
    expect(admission.take('x', t + 50)).toBe(1);
    expect(admission.take('x', t + 100)).toBe(0);
    expect(admission.take('x', t + 10_000)).toBe(0);
    expect(admission.take('x', t + 10_000)).toBe(0);
    expect(admission.take('x', t + 10_000)).toBe(1);
  });

  it('releases the place of a request whose client went away', async () => {
    const s = await serve({ ...roomy, maxInFlight: 1, maxQueued: 0 });
    try {
      const controller = new AbortController();
      const gone = fetch(s.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, signal: controller.signal }).catch(
        () => 'aborted',
      );
      await s.until(() => s.held.length === 1);
      controller.abort();
      expect(await gone).toBe('aborted');
      await s.until(() => s.admission.load.inFlight === 0);
      const next = s.call();
      await s.until(() => s.held.length === 2);
      s.held[1]();
      expect((await next).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
