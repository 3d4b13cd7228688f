import { randomUUID } from 'node:crypto';
import type { BusMessage, ReceivedMessage } from '../bus';
import { waitFor } from '../testing/conformance';
import { KafkaEventBus, type KafkaConsumerTuning } from './kafka-bus';
import { kafkaBrokers, kafkaSh } from './kafka-test-broker';
import { setTimeout as sleep } from 'node:timers/promises';

const TOTAL = 2_000;
const KEYS = 8;
const BATCH = 10;
const OUTAGE_MS = 6_000;

const seqOf = (m: ReceivedMessage) => (JSON.parse(m.value) as { seq: number }).seq;
const report = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} kafka-faults: ${line}\n`);

interface OutageResult {
  received: ReceivedMessage[];
  /** Messages the broker had taken when it stopped. */
  publishedAtStop: number;
  /** Publish calls that failed (and were retried) while the broker was down. */
  failedPublishes: number;
}

/**
 * Two group members consume while a producer publishes TOTAL numbered messages over KEYS keys;
 * a third of the way in the broker stops (data kept), stays down OUTAGE_MS and starts again.
 * The same bus instances carry on throughout: recovering is their job, not the test's.
 */
async function produceAndConsumeThroughOutage(
  name: string,
  { consumer, batches }: { consumer: Partial<KafkaConsumerTuning>; batches: boolean },
): Promise<OutageResult> {
  const brokers = kafkaBrokers();
  const started = Date.now();
  const say = (line: string) => report(`[${name}] ${((Date.now() - started) / 1000).toFixed(1)}s ${line}`);
  const topic = `faults-${randomUUID()}`;
  const group = `faults-${topic}`;
  const producer = new KafkaEventBus({ brokers, clientId: 'faults-producer' });
  const members = [1, 2].map((n) => new KafkaEventBus({ brokers, clientId: `faults-member-${n}`, consumer }));
  let brokerDown = false;

  try {
    const received: ReceivedMessage[] = [];
    for (const member of members) {
      await member.subscribe({
        group,
        topics: [topic],
        handle: async (m) => void received.push(m),
        ...(batches ? { handleBatch: async (run: ReceivedMessage[]) => void received.push(...run) } : {}),
      });
    }

    let published = 0;
    let failedPublishes = 0;
    const producing = (async () => {
      for (let first = 0; first < TOTAL; first += BATCH) {
        const batch: BusMessage[] = Array.from({ length: BATCH }, (_, i) => {
          const seq = first + i;
          return { topic, key: `key-${seq % KEYS}`, value: JSON.stringify({ seq }) };
        });
        // What the outbox relay does: the same batch again until the bus takes it.
        for (;;) {
          try {
            await producer.publish(batch);
            break;
          } catch {
            failedPublishes++;
            await sleep(250);
          }
        }
        published += BATCH;
        await sleep(15);
      }
    })();

    await waitFor(() => published >= TOTAL / 3 && received.length > 0, 60_000, 'a third of the messages published');
    brokerDown = true;
    const publishedAtStop = published;
    await kafkaSh('stop', '--keep');
    say(`broker stopped after ${published} published, ${received.length} received`);
    await sleep(OUTAGE_MS);
    // Down until the producer has met the outage: a publish failed and is being retried, as the relay would.
    await waitFor(
      () => {
        if (published >= TOTAL) throw new Error(`all ${TOTAL} messages were published before the broker went down: the outage missed the traffic`);
        return failedPublishes > 0;
      },
      30_000,
      'a publish to fail while the broker is down',
    );
    const restarting = Date.now();
    await kafkaSh('start');
    brokerDown = false;
    const receivedAtRestart = received.length;
    say(`broker back (its start took ${Date.now() - restarting} ms)`);

    const back = Date.now();
    await waitFor(() => received.length > receivedAtRestart, 60_000, 'the consumers to resume');
    say(`consumers resumed ${Date.now() - back} ms after the broker was back`);
    await producing;
    say(`all ${TOTAL} published; ${failedPublishes} publish calls failed and were retried`);

    const seen = new Set<number>();
    let scanned = 0;
    await waitFor(
      () => {
        for (; scanned < received.length; scanned++) seen.add(seqOf(received[scanned] as ReceivedMessage));
        return seen.size >= TOTAL;
      },
      60_000,
      'every message to arrive',
    );
    say(`${received.length} deliveries of ${TOTAL} messages: ${received.length - TOTAL} duplicates`);
    return { received: [...received], publishedAtStop, failedPublishes };
  } finally {
    // Later suites need a broker even when this one failed half-way.
    if (brokerDown) await kafkaSh('start').catch((error: unknown) => report(`could not restart the broker: ${String(error)}`));
    await Promise.all([producer, ...members].map((bus) => bus.close()));
  }
}

/** The outage fell in the middle of the traffic: publishing had not finished when the broker stopped, and it failed meanwhile. */
function expectTheOutageToHitPublishing({ publishedAtStop, failedPublishes }: OutageResult): void {
  expect(publishedAtStop).toBeGreaterThan(0);
  expect(publishedAtStop).toBeLessThan(TOTAL);
  expect(failedPublishes).toBeGreaterThan(0);
}

function expectEveryMessageInKeyOrder({ received }: OutageResult): void {
  const firstDeliveries = new Map<string, number[]>();
  const delivered = new Set<number>();
  for (const m of received) {
    const seq = seqOf(m);
    if (delivered.has(seq)) continue;
    delivered.add(seq);
    firstDeliveries.set(m.key, [...(firstDeliveries.get(m.key) ?? []), seq]);
  }
  expect(delivered.size).toBe(TOTAL);
  for (let k = 0; k < KEYS; k++) {
    expect(firstDeliveries.get(`key-${k}`)).toEqual(Array.from({ length: TOTAL / KEYS }, (_, n) => n * KEYS + k));
  }
}

describe('the Kafka broker stopped and restarted while producing and consuming', () => {
  beforeAll(async () => {
    kafkaBrokers();
    // The test stops and starts the broker itself, which only works for the one kafka.sh runs.
    await kafkaSh('status').catch(() => {
      throw new Error('KAFKA_BROKERS is not the broker tools/kafka/kafka.sh runs, and this test needs to restart it');
    });
  });

  it('with the default consumer retries (about a minute), the members carry on after the outage', async () => {
    const result = await produceAndConsumeThroughOutage('ride-out', { consumer: {}, batches: false });
    expectTheOutageToHitPublishing(result);
    expectEveryMessageInKeyOrder(result);
  });

  it('with two consumer retries: members crash during the outage, kafkajs restarts them and they rejoin', async () => {
    // New members have to wait for the broker to expire the old ones (session timeout) before they get partitions.
    // handleBatch here, as the inbox consumes: the path services take.
    const result = await produceAndConsumeThroughOutage('restart', { consumer: { retries: 2 }, batches: true });
    expectTheOutageToHitPublishing(result);
    expectEveryMessageInKeyOrder(result);
  });
});
