import type { DataSource, EntityManager } from 'typeorm';
import type { ReceivedMessage } from '../bus';
import type { EventRegistry } from '../contracts/registry';
import type { EventEnvelope } from '../envelope';

export type EventHandler = (event: EventEnvelope, manager: EntityManager) => Promise<void>;

export interface InboxOptions {
  dataSource: DataSource;
  registry: EventRegistry;
  /** Consumer group: also the inbox's key, with the event id. */
  group: string;
  /** Handlers by event type; other types on the topics are acknowledged untouched. */
  handlers: Record<string, EventHandler>;
}

/**
 * Applies each event at most once per group: the inbox row and the
 * handler's effects commit in one transaction, and a redelivered event finds
 * its row and is acknowledged without effect. A message that is not a valid
 * known event throws (the dead-letter wrapper routes it).
 */
export function inboxHandler(options: InboxOptions): (message: ReceivedMessage) => Promise<void> {
  return async (message) => {
    const event = options.registry.parse(message.value);
    const handler = options.handlers[event.type];
    if (!handler) return;
    await options.dataSource.transaction(async (manager) => {
      const fresh: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer_group, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [options.group, event.id, event.type],
      );
      if (fresh.length) await handler(event, manager);
    });
  };
}
