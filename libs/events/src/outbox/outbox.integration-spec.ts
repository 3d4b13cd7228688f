import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createTestDatabase } from '@platform/testing';
import { type BusMessage, deadLetterTopic, type EventBus, type ReceivedMessage } from '../bus';
import { createEnvelope } from '../envelope';
import { consumerSubscription } from '../inbox/consumer';
import { withDeadLetters } from '../inbox/dead-letters';
import { inboxHandler } from '../inbox/inbox';
import { waitFor } from '../testing/conformance';
import { applyWidget, appliedRows, eventTestMigrations, testRegistry, widgetCountedV1 } from '../testing/event-test-kit';
import { EmbeddedEventBus } from '../transports/embedded-bus';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { setTimeout as sleep } from 'node:timers/promises';

const quiet = { log: () => undefined };

describe('outbox, relay and inbox (real Postgres, embedded bus)', () => {
  let db: DataSource;
  let busUrl: string;
  const outbox = new Outbox('test', testRegistry);
  const closers: Array<() => Promise<unknown>> = [];
  const bus = () => {
    const b = new EmbeddedEventBus({ url: busUrl, partitions: 3 });
    closers.push(() => b.close());
    return b;
  };
  const emit = (widget: string, n: number) => ({ type: widgetCountedV1.type, version: 1, subject: widget, data: { widget, n } });
  const unsent = async () => Number((await db.query('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL'))[0].n);
  /** Every message on a topic, read by a fresh group. */
  const readAll = async (topic: string, expected: number): Promise<ReceivedMessage[]> => {
    const received: ReceivedMessage[] = [];
    const sub = await bus().subscribe({ group: `reader-${randomUUID()}`, topics: [topic], handle: async (m) => void received.push(m) });
    await waitFor(() => received.length >= expected, 20_000, `${expected} messages on ${topic}`);
    await sleep(300);
    await sub.stop();
    return received;
  };

  beforeEach(async () => {
    db = createDataSource({ url: await createTestDatabase('outbox'), entities: [], migrations: eventTestMigrations, applicationName: 'outbox-spec' });
    await connectAndMigrate(db, quiet);
    busUrl = await createTestDatabase('outbox_bus');
    closers.push(() => db.destroy());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('writes events only with the transaction that changes state', async () => {
    await expect(outbox.append(db.manager, [emit('w', 1)])).rejects.toThrow(/inside the transaction/);
    await expect(
      db.transaction(async (m) => {
        await outbox.append(m, [emit('w', 1)]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await unsent()).toBe(0);
    await expect(db.transaction((m) => outbox.append(m, [{ ...emit('w', 1), data: { widget: 'w', n: 'one' } }]))).rejects.toThrow(/data.n/);
    expect(await unsent()).toBe(0);
    await db.transaction((m) => outbox.append(m, [emit('w', 1), emit('w', 2)]));
    expect(await unsent()).toBe(2);
  });

  it('publishes what was committed while no relay ran, in order per key, once', async () => {
    // The service committed, then its relay died before publishing: the rows wait in the outbox.
    for (let i = 0; i < 30; i++) await db.transaction((m) => outbox.append(m, [emit(`w${i % 3}`, i)]));
    const relay = new OutboxRelay(db, bus(), { batchSize: 7, ...quiet });
    await relay.start();
    closers.push(() => relay.stop());
    const received = await readAll(widgetCountedV1.topic, 30);
    expect(received).toHaveLength(30);
    for (const w of ['w0', 'w1', 'w2']) {
      const ns = received.filter((m) => m.key === w).map((m) => JSON.parse(m.value).data.n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
    expect(await unsent()).toBe(0);
  });

  it('with two relays running, publishes every row exactly once, the two taking turns', async () => {
    // Test-side turns, so that both relays provably work and contend: the first batch is held open
    // (its relay holding the relay lock) until the other relay, with every row written and most of
    // them free, has found nothing it may publish; and the first relay does not take another batch
    // until the other has published one.
    const published = new Map<string, string[]>([
      ['a', []],
      ['b', []],
    ]);
    let first: string | undefined;
    let held = 0;
    let allWritten = false;
    let answeredWhileHeld = false;
    let refusedWhileHeld = 0;
    let releaseFirst!: () => void;
    const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
    let otherPublished!: () => void;
    const otherHasPublished = new Promise<void>((resolve) => (otherPublished = resolve));
    const relays = ['a', 'b'].map((name) => {
      const real = bus();
      const turns: EventBus = {
        transport: 'embedded',
        subscribe: (o) => real.subscribe(o),
        close: async () => undefined,
        publish: async (messages: BusMessage[]) => {
          if (!first) {
            first = name;
            held = messages.length;
            await firstReleased;
          }
          await real.publish(messages);
          published.get(name)?.push(...messages.map((m) => JSON.parse(m.value).id as string));
          if (name !== first) otherPublished();
        },
      };
      const relay = new OutboxRelay(db, turns, { batchSize: 20, pollMs: 20, ...quiet });
      const publishBatch = relay.publishBatch.bind(relay);
      relay.publishBatch = async () => {
        if (name === first && published.get(name)?.length) await otherHasPublished;
        const whileHeld = allWritten && first !== undefined && first !== name && !answeredWhileHeld;
        const sent = await publishBatch();
        if (whileHeld && sent === 0) {
          // Nothing sent although rows beyond the held batch were waiting: the relay lock refused it.
          if ((await unsent()) > held) refusedWhileHeld++;
          answeredWhileHeld = true;
          releaseFirst();
        }
        return sent;
      };
      return relay;
    });
    for (const r of relays) {
      await r.start();
      closers.push(() => r.stop());
    }
    // Closed in reverse: a relay waiting for its turn is let go before it is stopped.
    closers.push(async () => {
      releaseFirst();
      otherPublished();
    });
    await Promise.all(Array.from({ length: 200 }, (_, i) => db.transaction((m) => outbox.append(m, [emit(`k${i % 10}`, i)]))));
    allWritten = true;
    const received = await readAll(widgetCountedV1.topic, 200);
    expect(received).toHaveLength(200);
    expect(new Set(received.map((m) => JSON.parse(m.value).id)).size).toBe(200);
    expect(refusedWhileHeld).toBe(1);
    const [a, b] = [published.get('a') ?? [], published.get('b') ?? []];
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
    expect(a.length + b.length).toBe(200);
  });

  it('publishes again when it dies after publishing but before marking sent; the inbox applies it once', async () => {
    await db.transaction((m) => outbox.append(m, [emit('dup', 1), emit('dup', 2)]));
    const real = bus();
    let crashes = 1;
    const crashing: EventBus = {
      transport: 'embedded',
      subscribe: (o) => real.subscribe(o),
      close: async () => undefined,
      publish: async (messages: BusMessage[]) => {
        await real.publish(messages);
        if (crashes-- > 0) throw new Error('process died before the outbox commit');
      },
    };
    const relay = new OutboxRelay(db, crashing, { maxBackoffMs: 50, ...quiet });
    await relay.start();
    closers.push(() => relay.stop());
    const received = await readAll(widgetCountedV1.topic, 4);
    expect(received.map((m) => JSON.parse(m.value).data.n)).toEqual([1, 2, 1, 2]);

    const handle = inboxHandler({ dataSource: db, registry: testRegistry, group: 'effects', handlers: { [widgetCountedV1.type]: applyWidget } });
    for (const message of received) await handle(message);
    expect((await appliedRows(db)).map((r) => r.n)).toEqual([1, 2]);
  });

  it('applies an event delivered twice once, and nothing of a handler that failed', async () => {
    let fail = true;
    const handle = inboxHandler({
      dataSource: db,
      registry: testRegistry,
      group: 'effects',
      handlers: {
        [widgetCountedV1.type]: async (event, manager) => {
          await applyWidget(event, manager);
          if (fail) throw new Error('handler failed after writing');
        },
      },
    });
    const envelope = createEnvelope('test', emit('w', 1));
    const message: ReceivedMessage = { topic: 'test.widget', partition: 0, offset: '0', key: 'w', value: JSON.stringify(envelope) };
    await expect(handle(message)).rejects.toThrow('handler failed after writing');
    expect(await appliedRows(db)).toEqual([]);
    fail = false;
    await handle(message);
    await handle(message);
    expect(await appliedRows(db)).toEqual([{ event_id: envelope.id, widget: 'w', n: 1 }]);
  });

  it('dead-letters a poison event after the set attempts and moves on', async () => {
    const producer = bus();
    const poison = createEnvelope('test', emit('p', 1));
    const newer = { ...createEnvelope('test', emit('p', 2)), version: 2 };
    const fine = createEnvelope('test', emit('p', 3));
    await producer.publish([poison, newer, fine].map((e) => ({ topic: 'test.widget', key: 'p', value: JSON.stringify(e) })));

    let attempts = 0;
    const handled: number[] = [];
    const handle = inboxHandler({
      dataSource: db,
      registry: testRegistry,
      group: 'effects',
      handlers: {
        [widgetCountedV1.type]: async (event) => {
          const n = (event.data as { n: number }).n;
          if (n === 1) {
            attempts++;
            throw new Error('cannot apply widget p');
          }
          handled.push(n);
        },
      },
    });
    await producer.subscribe({
      group: 'effects',
      topics: ['test.widget'],
      handle: withDeadLetters(producer, handle, { group: 'effects', maxAttempts: 3, baseDelayMs: 5, ...quiet }),
    });
    await waitFor(() => handled.includes(3), 20_000, 'the event after the poison ones');
    expect(attempts).toBe(3);
    expect(handled).toEqual([3]);

    const letters = await readAll(deadLetterTopic('test.widget'), 2);
    expect(letters.map((l) => [JSON.parse(l.value).id, l.headers?.['dlq-reason'], l.headers?.['dlq-attempts']])).toEqual([
      [poison.id, 'HANDLER_FAILED', '3'],
      [newer.id, 'UNSUPPORTED_VERSION', '1'],
    ]);
    expect(letters[0].headers).toMatchObject({ 'dlq-error': 'cannot apply widget p', 'dlq-group': 'effects', 'dlq-original-topic': 'test.widget' });
  });

  it('applies a batch in one transaction, and isolates a poison event when the batch fails', async () => {
    const producer = bus();
    const events = [1, 2, 3, 4].map((n) => createEnvelope('test', emit('b', n)));
    const toMessages = (list: typeof events) =>
      list.map((e, i) => ({ topic: 'test.widget', partition: 0, offset: String(i), key: 'b', value: JSON.stringify(e) }));
    const subscription = consumerSubscription({
      bus: producer,
      dataSource: db,
      registry: testRegistry,
      group: 'batch',
      topics: ['test.widget'],
      maxAttempts: 2,
      log: () => undefined,
      handlers: {
        [widgetCountedV1.type]: async (event, manager) => {
          if ((event.data as { n: number }).n === 3) throw new Error('poison');
          await applyWidget(event, manager);
        },
      },
    });
    // A clean batch, with one event twice: applied once each.
    await subscription.handleBatch!(toMessages([events[0], events[1], events[0]]));
    expect((await appliedRows(db)).map((r) => r.n)).toEqual([1, 2]);
    // A batch with a poison event: the batch rolls back, then one by one: 3 is dead-lettered, 4 applied, 1 and 2 not again.
    await subscription.handleBatch!(toMessages(events));
    expect((await appliedRows(db)).map((r) => r.n)).toEqual([1, 2, 4]);
    const letters = await readAll(deadLetterTopic('test.widget'), 1);
    expect(letters.map((l) => JSON.parse(l.value).id)).toEqual([events[2].id]);
  });

  it('prunes sent rows older than the retention', async () => {
    await db.transaction((m) => outbox.append(m, [emit('old', 1), emit('new', 2)]));
    await db.query(`UPDATE outbox SET sent_at = now() - interval '2 hours' WHERE key = 'old'`);
    await db.query(`UPDATE outbox SET sent_at = now() WHERE key = 'new'`);
    const relay = new OutboxRelay(db, bus(), { retentionHours: 1, ...quiet });
    await relay.start();
    closers.push(() => relay.stop());
    let left: { key: string }[] = [];
    const deadline = Date.now() + 10_000;
    do {
      left = await db.query('SELECT key FROM outbox ORDER BY id');
    } while (left.length > 1 && Date.now() < deadline);
    expect(left).toEqual([{ key: 'new' }]);
  });
});
