// Replays dead letters: reads <topic>.dlq and publishes each original message
// back to its topic, where every consumer group sees it again (groups that
// already applied it drop it in their inbox). Stops once the dead-letter topic
// has been idle for --idle-ms. Bus chosen like the services: KAFKA_BROKERS, or
// EVENTS_DATABASE_URL for the embedded log.
//
//   npm run events:replay -- --topic crm.customer [--idle-ms 3000] [--dry-run]
import { parseArgs } from 'node:util';
import { createEventBus, deadLetterTopic, type ReceivedMessage } from '@platform/events';
import { setTimeout as sleep } from 'node:timers/promises';

async function main() {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      'idle-ms': { type: 'string', default: '3000' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.topic) throw new Error('usage: npm run events:replay -- --topic <topic> [--idle-ms 3000] [--dry-run]');
  const topic = values.topic;
  const bus = createEventBus(process.env, 'dead-letter-replay');
  let replayed = 0;
  let last = Date.now();
  const subscription = await bus.subscribe({
    // A listing must not move the replay group's position, so it reads with a group of its own.
    group: values['dry-run'] ? `dead-letter-list.${topic}.${Date.now()}` : `dead-letter-replay.${topic}`,
    topics: [deadLetterTopic(topic)],
    handle: async (message: ReceivedMessage) => {
      last = Date.now();
      const reason = message.headers?.['dlq-reason'] ?? 'unknown';
      console.log(`${values['dry-run'] ? 'would replay' : 'replaying'} ${message.key} (${reason}: ${message.headers?.['dlq-error'] ?? ''})`);
      if (!values['dry-run']) await bus.publish([{ topic, key: message.key, value: message.value }]);
      replayed++;
    },
  });
  const idleMs = Number(values['idle-ms']);
  while (Date.now() - last < idleMs) await sleep(200);
  await subscription.stop();
  await bus.close();
  console.log(`${replayed} dead letter(s) of ${topic} ${values['dry-run'] ? 'listed' : 'replayed'}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
