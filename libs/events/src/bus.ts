/** A message as the bus carries it: the envelope serialised, keyed by aggregate id. */
export interface BusMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface ReceivedMessage extends BusMessage {
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  /** Consumer group: each message reaches one member of each group. */
  group: string;
  topics: string[];
  /**
   * Called once per message, in order within a partition. The message counts
   * as consumed only when the returned promise resolves; if it rejects or the
   * process dies first, the message is delivered again.
   */
  handle(message: ReceivedMessage): Promise<void>;
  /**
   * Optional: called with consecutive messages of one partition, in order,
   * instead of `handle`. All or nothing: they count as consumed together when
   * it resolves; if it rejects, all of them are delivered again. Lets a
   * consumer apply a batch in one database transaction.
   */
  handleBatch?(messages: ReceivedMessage[]): Promise<void>;
}

export interface Subscription {
  /**
   * Stops fetching, waits for the message in hand, leaves the group. A
   * handler must not await it (stop waits for that very handler).
   */
  stop(): Promise<void>;
}

/**
 * The port every service uses for events. Transports: Kafka (kafkajs) and the
 * embedded Postgres log; both pass the same conformance suite.
 *
 * Guarantees: per-key order (a key always maps to one partition), at-least-once
 * delivery, a new group starts from the earliest message, partitions of a topic
 * are split among a group's members.
 */
export interface EventBus {
  readonly transport: 'kafka' | 'embedded';
  /** Publishes a batch; resolves once every message is durably stored by the bus. */
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}

/** Dead letters of a topic go to `<topic>.dlq`. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/**
 * Partition of a key in the embedded log: the same key always lands on the
 * same partition. (Kafka places keys with its own murmur2 partitioner.)
 */
export function partitionOf(key: string, partitions: number): number {
  // FNV-1a: stable across processes and versions, cheap, well spread.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
