import { logLevel, type LogEntry } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

// kafkajs's logLevel is a plain object at run time, without the enum's reverse mapping.
const labels: Partial<Record<logLevel, string>> = { [logLevel.ERROR]: 'ERROR', [logLevel.WARN]: 'WARN', [logLevel.INFO]: 'INFO' };
const entry = (namespace: string, level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry => ({
  namespace,
  level,
  label: labels[level] ?? 'DEBUG',
  log: { timestamp: new Date().toISOString(), message, ...extra },
});

describe('kafkaLogCreator', () => {
  const capture = (threshold = logLevel.WARN) => {
    const lines: string[] = [];
    const log = kafkaLogCreator((line) => lines.push(line))(threshold);
    return { lines, log };
  };

  it('prints an entry as one line with its error and context', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'g', error: 'connect ECONNREFUSED', stack: 'x\ny' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} kafkajs ERROR \[Consumer\] Crash: KafkaJSNumberOfRetriesExceeded: connect ECONNREFUSED \(group=g\)$/);
  });

  it('drops entries below the level and the protocol errors kafkajs retries by itself', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.INFO, 'Starting'));
    log(
      entry('Connection', logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
        error: "The coordinator is loading and hence can't process requests",
      }),
    );
    log(entry('Connection', logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' }));
    log(entry('Producer', logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
    expect(lines).toEqual([]);
  });

  it('shows the demoted entries at debug level', () => {
    const { lines, log } = capture(logLevel.DEBUG);
    log(entry('Connection', logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }));
    expect(lines[0]).toContain('kafkajs DEBUG [Connection] Response Heartbeat');
  });

  it('says a repeated line once per window, timings aside', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms'));
    log(entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 1076ms'));
    log(entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 994ms'));
    log(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:19092'));
    expect(lines).toHaveLength(2);
  });
});
