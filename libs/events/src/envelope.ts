import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * A domain event on the wire: CloudEvents attribute names (id, source, type,
 * subject, time, data) plus the schema version of `data` and the ids that tie
 * a chain of events together.
 */
export interface EventEnvelope<T = unknown> {
  /** Unique per event; consumers deduplicate on it. */
  id: string;
  /** The producing service, e.g. "crm". */
  source: string;
  /** e.g. "crm.customer.created". */
  type: string;
  /** The aggregate id: also the message key, so one aggregate's events stay in order. */
  subject: string;
  /** ISO 8601 time the change happened. */
  time: string;
  /** Version of the `data` schema for this type. */
  version: number;
  /** The request or flow this event belongs to. */
  correlationId: string;
  /** The event that caused this one, if any. */
  causationId: string | null;
  data: T;
}

export const envelopeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^[a-z]+\.[a-z-]+\.[a-z-]+$/, { error: 'type must look like service.aggregate.event' }),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  version: z.number().int().positive(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});

export interface NewEvent<T> {
  type: string;
  version: number;
  subject: string;
  data: T;
  /** Defaults to a new id (the start of a flow). */
  correlationId?: string;
  causation?: Pick<EventEnvelope, 'id' | 'correlationId'>;
  time?: Date;
}

/** Builds an envelope; an event caused by another inherits its correlation id. */
export function createEnvelope<T>(source: string, event: NewEvent<T>): EventEnvelope<T> {
  const id = randomUUID();
  return {
    id,
    source,
    type: event.type,
    subject: event.subject,
    time: (event.time ?? new Date()).toISOString(),
    version: event.version,
    correlationId: event.causation?.correlationId ?? event.correlationId ?? id,
    causationId: event.causation?.id ?? null,
    data: event.data,
  };
}
