import type { BusMessage, EventBus, ReceivedMessage, Subscription } from '../bus';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ConformanceTarget {
  /** A new bus client (a separate connection set, as another process would have). */
  newBus(): Promise<EventBus>;
  /** A fresh topic with at least two partitions. */
  newTopic(): Promise<string>;
  /** Time for a group to settle after members join (Kafka rebalances), in ms. */
  settleMs: number;
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Expectations checked inside a handler. A failure there is a handler error
 * to the bus, which delivers the messages again, so on its own it would show
 * only as a wait timing out: `check` keeps it (and still fails the handler),
 * and `rethrow`, called from the test's wait, ends the test with it.
 */
function handlerExpectations() {
  const failures: unknown[] = [];
  return {
    check(expectations: () => void): void {
      try {
        expectations();
      } catch (failure) {
        failures.push(failure);
        throw failure;
      }
    },
    rethrow(): void {
      if (failures.length) throw failures[0];
    },
  };
}

const messages = (topic: string, keys: string[], perKey: number): BusMessage[] =>
  Array.from({ length: perKey }, (_, i) => keys.map((key) => ({ topic, key, value: JSON.stringify({ key, seq: i }) }))).flat();
const seqOf = (m: ReceivedMessage) => (JSON.parse(m.value) as { seq: number }).seq;

/**
 * The behaviour every EventBus transport must show. Registered as a jest
 * describe block by each transport's spec.
 */
export function describeEventBusConformance(name: string, target: () => ConformanceTarget): void {
  describe(`EventBus conformance: ${name}`, () => {
    const open: EventBus[] = [];
    const bus = async () => {
      const created = await target().newBus();
      open.push(created);
      return created;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((b) => b.close()));
    });

    it('delivers each key in publish order', async () => {
      const topic = await target().newTopic();
      const producer = await bus();
      const keys = ['a', 'b', 'c', 'd', 'e'];
      const batch = messages(topic, keys, 40);
      for (let i = 0; i < batch.length; i += 37) await producer.publish(batch.slice(i, i + 37));

      const received: ReceivedMessage[] = [];
      const consumer = await bus();
      await consumer.subscribe({ group: `order-${topic}`, topics: [topic], handle: async (m) => void received.push(m) });
      await waitFor(() => received.length >= batch.length, 30_000, 'every message');
      for (const key of keys) {
        expect(received.filter((m) => m.key === key).map(seqOf)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      }
      const partitionsOfKey = new Map<string, Set<number>>();
      for (const m of received) partitionsOfKey.set(m.key, (partitionsOfKey.get(m.key) ?? new Set()).add(m.partition));
      for (const parts of partitionsOfKey.values()) expect(parts.size).toBe(1);
    });

    it('delivers again a message whose handler failed, and keeps the order behind it', async () => {
      const topic = await target().newTopic();
      await (await bus()).publish(messages(topic, ['k'], 5));
      const seen: number[] = [];
      let failures = 0;
      const consumer = await bus();
      await consumer.subscribe({
        group: `retry-${topic}`,
        topics: [topic],
        handle: async (m) => {
          seen.push(seqOf(m));
          if (seqOf(m) === 2 && failures < 2) {
            failures++;
            throw new Error('transient failure');
          }
        },
      });
      await waitFor(() => seen.filter((s) => s === 4).length >= 1, 30_000, 'the last message');
      expect(seen).toEqual([0, 1, 2, 2, 2, 3, 4]);
    });

    it('hands batches of one partition in order, and all of a failed batch again', async () => {
      const topic = await target().newTopic();
      const batch = messages(topic, ['p', 'q'], 30);
      await (await bus()).publish(batch);
      const applied: ReceivedMessage[] = [];
      let failed = false;
      const inHandler = handlerExpectations();
      await (
        await bus()
      ).subscribe({
        group: `batch-${topic}`,
        topics: [topic],
        handle: async () => {
          throw new Error('handleBatch must be used when given');
        },
        handleBatch: async (received) => {
          inHandler.check(() => expect(new Set(received.map((m) => m.partition)).size).toBe(1));
          if (!failed && received.some((m) => m.key === 'q')) {
            failed = true;
            throw new Error('the batch transaction failed');
          }
          applied.push(...received);
        },
      });
      await waitFor(
        () => {
          inHandler.rethrow();
          return applied.length >= batch.length;
        },
        30_000,
        'every message in batches',
      );
      await sleep(300);
      expect(failed).toBe(true);
      for (const key of ['p', 'q']) expect(applied.filter((m) => m.key === key).map(seqOf)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });

    it('splits partitions among the members of a group and delivers each message to one of them', async () => {
      const topic = await target().newTopic();
      const received = new Map<string, ReceivedMessage[]>([
        ['one', []],
        ['two', []],
      ]);
      const group = `split-${topic}`;
      for (const member of received.keys()) {
        await (await bus()).subscribe({ group, topics: [topic], handle: async (m) => void received.get(member)?.push(m) });
      }
      await sleep(target().settleMs);
      const batch = messages(
        topic,
        Array.from({ length: 30 }, (_, i) => `key-${i}`),
        3,
      );
      await (await bus()).publish(batch);
      await waitFor(() => [...received.values()].reduce((n, list) => n + list.length, 0) >= batch.length, 30_000, 'every message');
      await sleep(300);
      const one = received.get('one') ?? [];
      const two = received.get('two') ?? [];
      expect(one.length).toBeGreaterThan(0);
      expect(two.length).toBeGreaterThan(0);
      expect([...one, ...two].map((m) => m.value).sort()).toEqual(batch.map((m) => m.value).sort());
      const partitions = (list: ReceivedMessage[]) => new Set(list.map((m) => m.partition));
      for (const p of partitions(one)) expect(partitions(two).has(p)).toBe(false);
    });

    it('replays a topic from the earliest message for a new group', async () => {
      const topic = await target().newTopic();
      const producer = await bus();
      await producer.publish(messages(topic, ['x', 'y'], 10));
      const first: ReceivedMessage[] = [];
      await (await bus()).subscribe({ group: `first-${topic}`, topics: [topic], handle: async (m) => void first.push(m) });
      await waitFor(() => first.length >= 20, 30_000, 'the first group');

      const late: ReceivedMessage[] = [];
      await (await bus()).subscribe({ group: `late-${topic}`, topics: [topic], handle: async (m) => void late.push(m) });
      await waitFor(() => late.length >= 20, 30_000, 'the new group');
      expect(late.filter((m) => m.key === 'x').map(seqOf)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    });

    it('redelivers to the next member what a member took but never finished', async () => {
      const topic = await target().newTopic();
      await (await bus()).publish(messages(topic, ['only'], 3));
      const group = `crash-${topic}`;

      // The first member dies while handling seq 1: its handler never completes.
      const doomed = await target().newBus();
      const firstSeen: number[] = [];
      const subscription: Subscription = await doomed.subscribe({
        group,
        topics: [topic],
        handle: async (m) => {
          firstSeen.push(seqOf(m));
          if (seqOf(m) === 1) {
            void subscription.stop();
            throw new Error('process died');
          }
        },
      });
      await waitFor(() => firstSeen.includes(1), 30_000, 'the first member to take seq 1');
      await doomed.close();

      const next: number[] = [];
      await (await bus()).subscribe({ group, topics: [topic], handle: async (m) => void next.push(seqOf(m)) });
      await waitFor(() => next.includes(2), 30_000, 'the next member');
      expect(firstSeen.slice(0, 2)).toEqual([0, 1]);
      // seq 0 was finished; at-least-once allows it again, but 1 and 2 must follow in order.
      expect(next.slice(-2)).toEqual([1, 2]);
      expect(next.filter((s) => s === 1)).toHaveLength(1);
    });
  });
}
