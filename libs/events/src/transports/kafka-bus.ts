import {
  Kafka,
  Partitioners,
  logLevel as LogLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type KafkaMessage,
  type Logger,
  type Message,
  type Producer,
  type RetryOptions,
} from 'kafkajs';
import type { BusMessage, EventBus, ReceivedMessage, SubscribeOptions, Subscription } from '../bus';
import { kafkaLogCreator } from './kafka-log';
import { setTimeout as sleep } from 'node:timers/promises';

export interface KafkaConsumerTuning {
  /** The broker drops a member it has not heard from for this long (broker minimum: 6 s). */
  sessionTimeout: number;
  /** How long a rebalance waits for every member to rejoin. */
  rebalanceTimeout: number;
  heartbeatInterval: number;
  /** Long-poll time of an idle fetch; also bounds how long stop() waits for that fetch. */
  maxWaitTimeInMs: number;
  /** Partitions handled in parallel by one subscription; order within a partition is kept. */
  partitionsConsumedConcurrently: number;
  /** Most messages given to one handleBatch call (one database transaction in the inbox). */
  maxBatchSize: number;
  /**
   * Attempts, 2 s apart at most, to reach the broker again before kafkajs gives up and restarts
   * the consumer as a new member. The default rides out an outage of about a minute.
   */
  retries: number;
}

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of the topics this bus creates. */
  partitions?: number;
  /** kafkajs log level; WARN by default. */
  logLevel?: LogLevel;
  consumer?: Partial<KafkaConsumerTuning>;
}

// Short enough for a rebalance to settle in a couple of seconds, long enough that a GC pause
// or a busy event loop does not cost a member its partitions.
const DEFAULT_TUNING: KafkaConsumerTuning = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 15_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 500,
  partitionsConsumedConcurrently: 3,
  maxBatchSize: 200,
  retries: 30,
};

// Explicit, every field: kafkajs swaps in much shorter defaults when NODE_ENV=test, and tests
// should see the retry behaviour production has.
type Retry = Required<Omit<RetryOptions, 'restartOnFailure'>>;

/** Publishing and admin: about 10 s, then the error goes back to the caller (the outbox relay retries). */
const RETRY: Retry = { initialRetryTime: 300, maxRetryTime: 5_000, factor: 0.2, multiplier: 2, retries: 5 };

/**
 * Consumers keep trying every 2 s at most (KafkaConsumerTuning.retries times). One that gave up
 * and restarted comes back as a new member while the broker still counts the old one until its
 * session expires, and the rebalance waits for that; one that kept trying resumes with its
 * partitions as soon as the broker is back.
 */
const CONSUMER_RETRY: Omit<Retry, 'retries'> = { initialRetryTime: 300, maxRetryTime: 2_000, factor: 0.2, multiplier: 2 };

const HANDLER_RETRY_FIRST_MS = 100;
const HANDLER_RETRY_MAX_MS = 10_000;
/** What stop() gives leaving the group once no handler runs any more (normally well under a second). */
const STOP_GRACE_MS = 5_000;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Whether `promise` settled within `ms`; the timer does not outlive the answer. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * EventBus over Kafka (kafkajs). Per-key order comes from Kafka's default (murmur2) partitioner
 * on the message key; at-least-once from committing each offset only after its handler resolved.
 */
export class KafkaEventBus implements EventBus {
  readonly transport = 'kafka' as const;
  private readonly kafka: Kafka;
  /** A client of its own: the retry policy of a kafkajs client also governs its reconnects. */
  private readonly consumerKafka: Kafka;
  private readonly log: Logger;
  private readonly partitions: number;
  private readonly tuning: KafkaConsumerTuning;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly topics = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closing?: Promise<void>;

  constructor(options: KafkaEventBusOptions) {
    const client = (retry: Retry) =>
      new Kafka({
        clientId: options.clientId,
        brokers: options.brokers,
        retry,
        logLevel: options.logLevel ?? LogLevel.WARN,
        logCreator: kafkaLogCreator(),
      });
    this.kafka = client(RETRY);
    this.tuning = { ...DEFAULT_TUNING, ...options.consumer };
    this.consumerKafka = client({ ...CONSUMER_RETRY, retries: this.tuning.retries });
    this.log = this.kafka.logger().namespace('KafkaEventBus');
    this.partitions = options.partitions ?? 3;
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value, headers });
      byTopic.set(topic, list);
    }
    await this.ensureTopics([...byTopic.keys()]);
    const pending = this.connectedProducer();
    const producer = await pending;
    try {
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
    } catch (error) {
      // After a failed send kafkajs rolls its sequence numbers back, yet the broker may have
      // stored the batch. The next send from this producer id could then be dropped as a
      // duplicate (lost) or refused forever as out of order; a new producer id avoids both.
      this.replaceProducer(pending);
      throw error;
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await this.ensureTopics(options.topics);
    const subscription = new KafkaSubscription(this.consumerKafka, options, this.tuning, this.log, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop();
      throw error;
    }
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
      await Promise.allSettled(
        [this.producer, this.admin].map(async (client) => {
          if (client) await (await client).disconnect();
        }),
      );
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('KafkaEventBus is closed');
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= this.connect(
      this.kafka.producer({
        // acks=-1 with one request in flight per broker: a retried request can neither be
        // stored twice nor overtake the one behind it, so per-key order survives retries.
        idempotent: true,
        maxInFlightRequests: 1,
        retry: RETRY,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private replaceProducer(failed: Promise<Producer>): void {
    if (this.producer === failed) this.producer = undefined;
    void failed.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= this.connect(this.kafka.admin({ retry: RETRY }), () => (this.admin = undefined));
    return this.admin;
  }

  /** Connects once; a failed connect is forgotten so that the next call tries again. */
  private async connect<T extends Producer | Admin>(client: T, forget: () => void): Promise<T> {
    try {
      await client.connect();
      return client;
    } catch (error) {
      forget();
      throw error;
    }
  }

  /** Creates the missing topics with this bus's partition count; an existing topic is left as it is. */
  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = [...new Set(topics)].filter((topic) => !this.topics.has(topic));
    if (missing.length > 0) {
      const created = this.connectedAdmin().then(async (admin) => {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.partitions })),
        });
      });
      for (const topic of missing) this.topics.set(topic, created);
      created.catch(() => missing.forEach((topic) => this.topics.get(topic) === created && this.topics.delete(topic)));
    }
    await Promise.all(topics.map((topic) => this.topics.get(topic)));
  }
}

/** One kafkajs consumer: one member of the group. */
class KafkaSubscription implements Subscription {
  private consumer: Consumer;
  private stopping?: Promise<void>;
  /** Handler calls under way: stop() waits for these however long they take. */
  private readonly inHand = new Set<Promise<void>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: SubscribeOptions,
    private readonly tuning: KafkaConsumerTuning,
    private readonly log: Logger,
    private readonly onStopped: () => void,
  ) {
    this.consumer = this.createConsumer();
  }

  private createConsumer(): Consumer {
    return this.kafka.consumer({
      groupId: this.options.group,
      sessionTimeout: this.tuning.sessionTimeout,
      rebalanceTimeout: this.tuning.rebalanceTimeout,
      heartbeatInterval: this.tuning.heartbeatInterval,
      maxWaitTimeInMs: this.tuning.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      retry: {
        ...CONSUMER_RETRY,
        retries: this.tuning.retries,
        // After the retries run out (a broker outage) kafkajs stops the consumer unless told
        // to restart it; a service's subscription must outlive an outage.
        restartOnFailure: async () => !this.stopping,
      },
    });
  }

  /**
   * kafkajs restarts a consumer only after retriable errors; one that crashed
   * otherwise (e.g. "Failed to find group coordinator" while a restarted
   * broker is still loading) would stay down for good. A subscription must
   * outlive that: a fresh consumer rejoins the group and resumes from the
   * committed offsets.
   */
  private watchCrashes(): void {
    const consumer = this.consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping || consumer !== this.consumer) return;
      this.log.warn(`consumer crashed for good (${errorText(payload.error)}); starting a new one`, { groupId: this.options.group });
      void this.revive();
    });
  }

  private async revive(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      await this.consumer.disconnect().catch(() => undefined);
      if (this.stopping) return;
      this.consumer = this.createConsumer();
      try {
        await this.start();
        return;
      } catch (error) {
        this.log.warn(`could not rejoin the group (${errorText(error)}); trying again`, { groupId: this.options.group });
        await sleep(Math.min(1000 * attempt, 10_000));
      }
    }
  }

  /** Resolves once this member has joined the group and received its partitions. */
  async start(): Promise<void> {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    const joined = new Promise<void>((resolve, reject) => {
      const offJoin = this.consumer.on(GROUP_JOIN, () => {
        offJoin();
        offCrash();
        resolve();
      });
      const offCrash = this.consumer.on(CRASH, ({ payload }) => {
        if (payload.restart) return;
        offJoin();
        offCrash();
        reject(payload.error);
      });
    });
    joined.catch(() => undefined);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.tuning.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.consume(payload),
    });
    await joined;
    this.watchCrashes();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // Called before any await: it marks the runner stopped at once, which is what a handler
      // calling stop() and then throwing relies on not to be retried.
      const disconnected = this.consumer
        .disconnect()
        .catch((error: unknown) => this.log.warn(`consumer did not disconnect cleanly: ${errorText(error)}`, { groupId: this.options.group }));
      await Promise.allSettled([...this.inHand]);
      // With the broker unreachable, kafkajs keeps at it for its whole retry window (about a
      // minute) before it lets go; nothing is handled or committed any more, so do not wait.
      if (!(await within(disconnected, STOP_GRACE_MS))) {
        this.log.warn(`consumer still disconnecting after ${STOP_GRACE_MS}ms; leaving it to finish in the background`, {
          groupId: this.options.group,
        });
      }
    })().finally(this.onStopped);
    return this.stopping;
  }

  private async consume({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    if (this.stopping) {
      // A kafkajs restart racing stop() can leave a runner fetching after disconnect; pausing
      // keeps it from spinning on the same batch until it notices the closed connection.
      pause();
      return;
    }
    const active = () => isRunning() && !isStale();
    const commits = new OffsetCommitter((offset) => commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset }] }] }));
    const size = this.options.handleBatch ? this.tuning.maxBatchSize : 1;
    try {
      for (let from = 0; from < batch.messages.length; from += size) {
        if (!active()) return;
        const run = batch.messages.slice(from, from + size).map((message) => toReceived(topic, partition, message));
        const work = () => (this.options.handleBatch ? this.options.handleBatch(run) : this.options.handle(run[0] as ReceivedMessage));
        if (!(await this.untilDone(work, run, heartbeat, active))) return;
        const last = (run[run.length - 1] as ReceivedMessage).offset;
        resolveOffset(last);
        commits.handled(last);
        await heartbeat();
      }
    } finally {
      // Also on the way out of a stop, a handler failure or a rebalance: what was handled stays handled.
      await commits.flush();
    }
  }

  /**
   * Retries the handler of a message (or of a run of them, with handleBatch) in place until
   * it resolves, so nothing behind overtakes it. Gives up (false, nothing committed) when the
   * subscription stops or the partition moves to another member, which then gets it again.
   */
  private async untilDone(work: () => Promise<void>, messages: ReceivedMessage[], heartbeat: () => Promise<void>, active: () => boolean): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.whileHeartbeating(heartbeat, work);
        return true;
      } catch (error) {
        if (!active()) return false;
        const delay = Math.min(HANDLER_RETRY_FIRST_MS * 2 ** attempt, HANDLER_RETRY_MAX_MS);
        const first = messages[0] as ReceivedMessage;
        const last = messages[messages.length - 1] as ReceivedMessage;
        this.log.warn(`handler failed, retrying in ${delay}ms: ${errorText(error)}`, {
          groupId: this.options.group,
          topic: first.topic,
          partition: first.partition,
          offset: first === last ? first.offset : `${first.offset}-${last.offset}`,
        });
        for (const until = Date.now() + delay; Date.now() < until;) {
          await sleep(Math.min(100, until - Date.now()));
          if (!active()) return false;
          // Throws when the group rebalances: kafkajs then rejoins and the message is fetched again.
          await heartbeat();
        }
      }
    }
  }

  /** Keeps the membership alive while a handler runs longer than a heartbeat interval. */
  private async whileHeartbeating(heartbeat: () => Promise<void>, work: () => Promise<void>): Promise<void> {
    // A failed beat (rebalance) is noticed by the awaited heartbeat after the handler.
    const timer = setInterval(() => void heartbeat().catch(() => undefined), this.tuning.heartbeatInterval);
    // A handler that throws before its first await still ends up here as a rejection.
    const running = (async () => work())();
    this.inHand.add(running);
    try {
      await running;
    } finally {
      this.inHand.delete(running);
      clearInterval(timer);
    }
  }
}

/**
 * Commits a partition's position after each handled message without waiting for it: a commit
 * costs a round trip to the group coordinator (5 ms or more on Kafka 4, which lingers to batch
 * its writes), which would otherwise cap a partition at a couple of hundred messages a second.
 * While one commit is in flight the next position waits and replaces any older one, so the
 * committed offset trails the handler by at most one round trip, and a crash or a rebalance
 * redelivers only the messages handled in that window. Never commits past an unhandled message.
 */
class OffsetCommitter {
  private next?: string;
  private running?: Promise<void>;
  private failure?: { error: unknown };

  constructor(private readonly commit: (offset: string) => Promise<void>) {}

  handled(offset: string): void {
    if (this.failure) throw this.failure.error;
    this.next = (BigInt(offset) + 1n).toString();
    this.running ??= this.drain();
  }

  /** Waits for the last position to be committed; throws what a commit failed with (kafkajs then rejoins or retries). */
  async flush(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure.error;
  }

  private async drain(): Promise<void> {
    try {
      for (let offset = this.next; offset !== undefined && !this.failure; offset = this.next) {
        this.next = undefined;
        await this.commit(offset);
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.running = undefined;
    }
  }
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    value: message.value?.toString() ?? '',
    headers: message.headers ? toHeaders(message.headers) : undefined,
  };
}

function toHeaders(headers: IHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
