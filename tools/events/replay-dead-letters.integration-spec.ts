import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deadLetterTopic, EmbeddedEventBus, type ReceivedMessage } from '@platform/events';
import { createTestDatabase } from '@platform/testing';
import { setTimeout as sleep } from 'node:timers/promises';

const script = join(__dirname, '..', '..', 'dist', 'tools', 'events', 'replay-dead-letters.js');
const run = promisify(execFile);

describe('npm run events:replay', () => {
  it('puts dead letters back on their topic once, and lists them without moving on a dry run', async () => {
    const url = await createTestDatabase('replay');
    const bus = new EmbeddedEventBus({ url });
    try {
      const letters = ['one', 'two'].map((key) => ({
        topic: deadLetterTopic('shop.order'),
        key,
        value: `{"id":"${key}"}`,
        headers: { 'dlq-reason': 'HANDLER_FAILED', 'dlq-error': 'boom' },
      }));
      await bus.publish(letters);
      const env = { ...process.env, EVENTS_DATABASE_URL: url, KAFKA_BROKERS: '' };

      const dry = await run(process.execPath, [script, '--topic', 'shop.order', '--idle-ms', '800', '--dry-run'], { env });
      expect(dry.stdout).toContain('would replay one (HANDLER_FAILED: boom)');
      expect(dry.stdout).toContain('2 dead letter(s) of shop.order listed');

      const first = await run(process.execPath, [script, '--topic', 'shop.order', '--idle-ms', '800'], { env });
      expect(first.stdout).toContain('2 dead letter(s) of shop.order replayed');
      const again = await run(process.execPath, [script, '--topic', 'shop.order', '--idle-ms', '800'], { env });
      expect(again.stdout).toContain('0 dead letter(s) of shop.order replayed');

      const received: ReceivedMessage[] = [];
      await bus.subscribe({ group: 'check', topics: ['shop.order'], handle: async (m) => void received.push(m) });
      const deadline = Date.now() + 10_000;
      while (received.length < 2 && Date.now() < deadline) await sleep(50);
      await sleep(300);
      // Different keys may sit on different partitions: compare as a set.
      expect(received.map((m) => [m.key, m.value]).sort()).toEqual([
        ['one', '{"id":"one"}'],
        ['two', '{"id":"two"}'],
      ]);
    } finally {
      await bus.close();
    }
  });
});
