// A consumer service in a process of its own, for crash tests and the events
// benchmark: applies test.widget.counted events into `applied` the way a
// service does (batches through the inbox, dead letters on poison), with an
// optional pause per event so a test can SIGKILL it mid-batch. Configured by
// environment; prints "subscribed" once it is in its group.
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createEventBus } from '../bus-factory';
import { consumerSubscription } from '../inbox/consumer';
import { applyWidget, eventTestMigrations, testRegistry, widgetCountedV1 } from './event-test-kit';
import { setTimeout as sleep } from 'node:timers/promises';

async function main() {
  const { DATABASE_URL, EVENTS_DATABASE_URL, KAFKA_BROKERS, GROUP = 'widgets', DELAY_MS = '0' } = process.env;
  const delay = Number(DELAY_MS);
  const db = createDataSource({ url: String(DATABASE_URL), entities: [], migrations: eventTestMigrations, applicationName: 'widget-consumer', poolSize: 5 });
  await connectAndMigrate(db, { log: () => undefined });
  const bus = createEventBus({ EVENTS_DATABASE_URL, KAFKA_BROKERS }, 'widget-consumer');
  await bus.subscribe(
    consumerSubscription({
      bus,
      dataSource: db,
      registry: testRegistry,
      group: GROUP,
      topics: [widgetCountedV1.topic],
      handlers: {
        [widgetCountedV1.type]: async (event, manager) => {
          await applyWidget(event, manager);
          if (delay) await sleep(delay);
        },
      },
    }),
  );
  console.log('subscribed');
  const stop = async () => {
    await bus.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
