import { describeConsumerCrash } from '../testing/consumer-crash';
import { KafkaEventBus } from '../transports/kafka-bus';
import { kafkaBrokers } from '../transports/kafka-test-broker';

describeConsumerCrash('kafka', () => ({
  bus: () => new KafkaEventBus({ brokers: kafkaBrokers(), clientId: 'crash-test' }),
  env: () => ({ KAFKA_BROKERS: kafkaBrokers().join(',') }),
}));
