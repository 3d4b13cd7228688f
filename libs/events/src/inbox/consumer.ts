import type { DataSource } from 'typeorm';
import type { EventBus, SubscribeOptions } from '../bus';
import type { EventRegistry } from '../contracts/registry';
import { withDeadLetters } from './dead-letters';
import { type EventHandler, inboxBatchHandler, inboxHandler } from './inbox';

export interface ConsumerOptions {
  bus: EventBus;
  dataSource: DataSource;
  registry: EventRegistry;
  group: string;
  topics: string[];
  handlers: Record<string, EventHandler>;
  maxAttempts?: number;
  log?: (line: string) => void;
}

/**
 * What a service subscribes with: batches applied in one transaction through
 * the inbox, falling back to one message at a time with retries and dead
 * letters when a batch fails.
 */
export function consumerSubscription(options: ConsumerOptions): SubscribeOptions {
  const inbox = { dataSource: options.dataSource, registry: options.registry, group: options.group, handlers: options.handlers };
  const handle = withDeadLetters(options.bus, inboxHandler(inbox), { group: options.group, maxAttempts: options.maxAttempts, log: options.log });
  return { group: options.group, topics: options.topics, handle, handleBatch: inboxBatchHandler(inbox, handle) };
}
