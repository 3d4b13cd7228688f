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

/**
 * Applies a run of messages in one transaction: one inbox insert for all of
 * them (duplicates drop out), then each fresh event's handler in order. If
 * anything fails, nothing of the batch is kept and `fallback` takes the
 * messages one by one, so a single poison event is isolated (and
 * dead-lettered) without holding up the rest.
 */
export function inboxBatchHandler(
  options: InboxOptions,
  fallback: (message: ReceivedMessage) => Promise<void>,
): (messages: ReceivedMessage[]) => Promise<void> {
  return async (messages) => {
    try {
      const events = messages.map((m) => options.registry.parse(m.value));
      const wanted = events.filter((e) => options.handlers[e.type]);
      if (!wanted.length) return;
      await options.dataSource.transaction(async (manager) => {
        const fresh: { event_id: string }[] = await manager.query(
          `INSERT INTO inbox (consumer_group, event_id, event_type)
           SELECT $1, id, type FROM unnest($2::text[], $3::text[]) AS e(id, type)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [options.group, wanted.map((e) => e.id), wanted.map((e) => e.type)],
        );
        const apply = new Set(fresh.map((r) => r.event_id));
        for (const event of wanted) {
          // An id repeated inside one batch is applied the first time only.
          if (apply.delete(event.id)) await options.handlers[event.type](event, manager);
        }
      });
    } catch {
      for (const message of messages) await fallback(message);
    }
  };
}
