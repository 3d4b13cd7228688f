import type { EventBus } from './bus';
import { EmbeddedEventBus } from './transports/embedded-bus';
import { KafkaEventBus } from './transports/kafka-bus';

export interface EventBusConfig {
  /** Comma-separated host:port list: selects Kafka. */
  KAFKA_BROKERS?: string;
  /** The embedded log's database, used when KAFKA_BROKERS is unset. */
  EVENTS_DATABASE_URL?: string;
}

/** Kafka when KAFKA_BROKERS is set, otherwise the embedded Postgres log. */
export function createEventBus(config: EventBusConfig, clientId: string): EventBus {
  const brokers = (config.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length) return new KafkaEventBus({ brokers, clientId });
  if (!config.EVENTS_DATABASE_URL) {
    throw new Error('config: EVENTS_DATABASE_URL is required when KAFKA_BROKERS is not set (the embedded event log database)');
  }
  return new EmbeddedEventBus({ url: config.EVENTS_DATABASE_URL });
}
