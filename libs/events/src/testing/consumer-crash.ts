import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@platform/testing';
import type { EventBus } from '../bus';
import { createEnvelope } from '../envelope';
import { widgetCountedV1 } from './event-test-kit';
import { setTimeout as sleep } from 'node:timers/promises';

const script = join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'events', 'src', 'testing', 'consumer-process.js');

/** "A consumer killed mid-batch": SIGKILL a consumer process while it works; its successor must apply every event exactly once, in order per key. */
export function describeConsumerCrash(name: string, setup: () => { bus: () => EventBus; env: () => Record<string, string> }): void {
  describe(`a consumer process killed mid-batch (${name})`, () => {
    it('loses nothing and applies nothing twice', async () => {
      if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first (npm test does)`);
      const dbUrl = await createTestDatabase('crash');
      const keys = ['a', 'b', 'c'];
      const total = 300;
      const bus = setup().bus();
      await bus.publish(
        Array.from({ length: total }, (_, n) => {
          const envelope = createEnvelope('test', { type: widgetCountedV1.type, version: 1, subject: keys[n % 3], data: { widget: keys[n % 3], n } });
          return { topic: widgetCountedV1.topic, key: envelope.subject, value: JSON.stringify(envelope) };
        }),
      );
      const db = new Client({ connectionString: dbUrl });
      await db.connect();
      const applied = async () => {
        const exists = (await db.query(`SELECT to_regclass('applied') IS NOT NULL AS ok`)).rows[0].ok;
        return exists ? Number((await db.query('SELECT count(*) AS n FROM applied')).rows[0].n) : 0;
      };
      const group = `crash-${Date.now()}`;
      const consumer = (): ChildProcess =>
        spawn(process.execPath, [script], { env: { ...process.env, ...setup().env(), DATABASE_URL: dbUrl, GROUP: group, DELAY_MS: '2' }, stdio: 'ignore' });
      try {
        const first = consumer();
        await pollUntil(async () => (await applied()) >= 60, 60_000, 'the first consumer to apply 60 events');
        first.kill('SIGKILL');
        await new Promise((resolve) => first.once('exit', resolve));
        const killedAt = await applied();
        expect(killedAt).toBeLessThan(total);

        const second = consumer();
        try {
          await pollUntil(async () => (await applied()) >= total, 90_000, 'the successor to apply everything');
          await sleep(500);
        } finally {
          second.kill('SIGTERM');
        }
        const rows = (await db.query('SELECT event_id, widget, n FROM applied ORDER BY applied_at')).rows as { event_id: string; widget: string; n: number }[];
        expect(rows).toHaveLength(total);
        expect(new Set(rows.map((r) => r.event_id)).size).toBe(total);
        for (const key of keys) {
          const ns = rows.filter((r) => r.widget === key).map((r) => r.n);
          expect(ns).toEqual([...ns].sort((x, y) => x - y));
        }
      } finally {
        await db.end();
        await bus.close();
      }
    }, 180_000);
  });
}

async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
