// A consumer in a process of its own, for crash tests: applies
// test.widget.counted events through the inbox into `applied`, slowly, so a
// test can SIGKILL it mid-batch. Configured by environment.
import { connectAndMigrate, createDataSource } from '@platform/database';
import { createEventBus } from '../bus-factory';
import { inboxHandler } from '../inbox/inbox';
import { eventTestMigrations, testRegistry, widgetCountedV1 } from './event-test-kit';

async function main() {
  const { DATABASE_URL, EVENTS_DATABASE_URL, KAFKA_BROKERS, GROUP = 'crash', DELAY_MS = '2' } = process.env;
  const db = createDataSource({ url: String(DATABASE_URL), entities: [], migrations: eventTestMigrations, applicationName: 'crash-consumer' });
  await connectAndMigrate(db, { log: () => undefined });
  const bus = createEventBus({ EVENTS_DATABASE_URL, KAFKA_BROKERS }, 'crash-consumer');
  const handle = inboxHandler({
    dataSource: db,
    registry: testRegistry,
    group: GROUP,
    handlers: {
      [widgetCountedV1.type]: async (event, manager) => {
        const data = event.data as { widget: string; n: number };
        await manager.query('INSERT INTO applied (event_id, widget, n) VALUES ($1, $2, $3)', [event.id, data.widget, data.n]);
        await new Promise((resolve) => setTimeout(resolve, Number(DELAY_MS)));
      },
    },
  });
  await bus.subscribe({ group: GROUP, topics: [widgetCountedV1.topic], handle });
  console.log('subscribed');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
