import type { EntityManager } from 'typeorm';
import type { EventRegistry } from '../contracts/registry';
import { createEnvelope, type EventEnvelope, type NewEvent } from '../envelope';

export const OUTBOX_CHANNEL = 'outbox';

/**
 * Writes events into the service's outbox table inside the caller's
 * transaction: they exist if and only if the state change commits. The
 * NOTIFY is delivered at commit and wakes the relay.
 */
export class Outbox {
  constructor(
    readonly source: string,
    private readonly registry: EventRegistry,
  ) {}

  async append(manager: EntityManager, events: NewEvent<unknown>[]): Promise<EventEnvelope[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append must run inside the transaction that changes the state');
    }
    const envelopes = events.map((event) => this.registry.validate(createEnvelope(this.source, event)));
    if (!envelopes.length) return envelopes;
    // One round trip: the rows, and the NOTIFY that Postgres delivers at commit.
    await manager.query(
      `WITH written AS (
         INSERT INTO outbox (event_id, topic, key, envelope)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
         RETURNING 1)
       SELECT pg_notify($5, '') FROM (SELECT count(*) FROM written) w`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => this.registry.topicOf(e.type)),
        envelopes.map((e) => e.subject),
        envelopes.map((e) => JSON.stringify(e)),
        OUTBOX_CHANNEL,
      ],
    );
    return envelopes;
  }
}
