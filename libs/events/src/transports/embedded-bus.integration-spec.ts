import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@platform/testing';
import { describeEventBusConformance } from '../testing/conformance';
import { EmbeddedEventBus } from './embedded-bus';

let url: string;
beforeAll(async () => {
  url = await createTestDatabase('bus');
});

describeEventBusConformance('embedded', () => ({
  newBus: async () => new EmbeddedEventBus({ url, partitions: 3, sessionTimeoutMs: 2000 }),
  newTopic: async () => `test.${randomUUID().slice(0, 8)}`,
  settleMs: 300,
}));
