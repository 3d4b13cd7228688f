import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The brokers of the *.kafka-spec.ts files: `npm run test:kafka` (tools/kafka/kafka.sh run) exports them. */
export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
  if (brokers.length === 0) {
    throw new Error('KAFKA_BROKERS is not set: run `npm run test:kafka`, or `bash tools/kafka/kafka.sh start` and pass KAFKA_BROKERS=127.0.0.1:19092');
  }
  return brokers;
}

const kafkaScript = resolve(__dirname, '../../../../tools/kafka/kafka.sh');

/** Runs tools/kafka/kafka.sh (the broker this repo starts locally) and returns its stdout. */
export async function kafkaSh(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [kafkaScript, ...args], { timeout: 120_000 });
  return stdout;
}
