import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { describeEventBusConformance } from '../testing/conformance';
import { KafkaEventBus } from './kafka-bus';
import { kafkaBrokers } from './kafka-test-broker';

const brokers = kafkaBrokers();
let admin: Admin;

beforeAll(async () => {
  admin = new Kafka({ clientId: 'conformance-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
});

describeEventBusConformance('kafka', () => ({
  newBus: async () => new KafkaEventBus({ brokers, clientId: `conformance-${randomUUID().slice(0, 8)}` }),
  newTopic: async () => {
    const topic = `conformance-${randomUUID()}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    return topic;
  },
  // A joining member waits in subscribe() for its own join; the members already in the group
  // learn of the rebalance on their next heartbeat (1 s) or idle fetch (0.5 s).
  settleMs: 2_000,
}));
