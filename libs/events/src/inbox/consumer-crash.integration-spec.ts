import { createTestDatabase } from '@platform/testing';
import { describeConsumerCrash } from '../testing/consumer-crash';
import { EmbeddedEventBus } from '../transports/embedded-bus';

let busUrl: string;
beforeAll(async () => {
  busUrl = await createTestDatabase('crash_bus');
});

describeConsumerCrash('embedded', () => ({
  bus: () => new EmbeddedEventBus({ url: busUrl }),
  env: () => ({ EVENTS_DATABASE_URL: busUrl }),
}));
