import { type BusMessage, deadLetterTopic, type EventBus, type ReceivedMessage } from '../bus';
import { EventContractError } from '../contracts/registry';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DeadLetterOptions {
  group: string;
  /** Attempts before a message is dead-lettered. */
  maxAttempts?: number;
  baseDelayMs?: number;
  log?: (line: string) => void;
}

/** The dead letter of a message: the original body, and why and where it failed in headers. */
export function deadLetter(message: ReceivedMessage, group: string, error: unknown, attempts: number): BusMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      'dlq-original-topic': message.topic,
      'dlq-original-partition': String(message.partition),
      'dlq-original-offset': message.offset,
      'dlq-group': group,
      'dlq-error': (error instanceof Error ? error.message : String(error)).slice(0, 2000),
      'dlq-reason': error instanceof EventContractError ? error.reason : 'HANDLER_FAILED',
      'dlq-attempts': String(attempts),
    },
  };
}

/**
 * Retries a failing handler with backoff; after maxAttempts (or at once for a
 * message that is not a valid known event: retrying cannot fix it) the
 * message goes to `<topic>.dlq` and the partition moves on. If even the dead
 * letter cannot be published, the error propagates and the bus redelivers.
 */
export function withDeadLetters(bus: EventBus, handle: (message: ReceivedMessage) => Promise<void>, options: DeadLetterOptions) {
  const maxAttempts = options.maxAttempts ?? 5;
  const log = options.log ?? console.error;
  return async (message: ReceivedMessage): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(message);
        return;
      } catch (err) {
        if (err instanceof EventContractError || attempt >= maxAttempts) {
          log(
            `events: ${options.group}: ${message.topic}[${message.partition}]@${message.offset} dead-lettered after ${attempt} attempt(s): ${err instanceof Error ? err.message : err}`,
          );
          await bus.publish([deadLetter(message, options.group, err, attempt)]);
          return;
        }
        await sleep((options.baseDelayMs ?? 100) * 2 ** (attempt - 1));
      }
    }
  };
}
