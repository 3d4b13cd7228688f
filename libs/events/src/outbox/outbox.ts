import type { EntityManager } from 'typeorm';
import type { EventContract, EventData, EventRegistry } from '../contracts/registry';
import { createEnvelope, type EventEnvelope, type NewEvent } from '../envelope';
import { type EventOptions, eventOf } from '../typed/typed-events';

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

  /** One event of a contract: type and version from the contract, data checked against its type. */
  async emit<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    subject: string,
    data: EventData<C>,
    options?: EventOptions,
  ): Promise<EventEnvelope<EventData<C>>> {
    const [envelope] = await this.append(manager, [eventOf(contract, subject, data, options)]);
    return envelope as EventEnvelope<EventData<C>>;
  }

  /** Several events in one statement; build each with `eventOf`. */
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
