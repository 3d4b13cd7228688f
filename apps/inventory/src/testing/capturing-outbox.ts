import type { EntityManager } from 'typeorm';
import { type EventEnvelope, Outbox, platformEvents } from '@platform/events';

/**
 * The real Outbox (it validates every event against its contract) writing
 * into a stand-in transaction that keeps the envelopes instead of a table:
 * for unit specs of the functions that build events.
 */
export function capturingOutbox(): { outbox: Outbox; manager: EntityManager; events: EventEnvelope[] } {
  const events: EventEnvelope[] = [];
  const manager = {
    queryRunner: { isTransactionActive: true },
    query: async (_sql: string, parameters: unknown[]) => {
      for (const json of parameters[3] as string[]) events.push(JSON.parse(json));
      return [];
    },
  } as unknown as EntityManager;
  return { outbox: new Outbox('inventory', platformEvents), manager, events };
}
