import { logLevel as LogLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * Protocol errors that kafkajs logs at ERROR on every attempt although its own retry or
 * rejoin logic handles them: a coordinator still loading its partitions (every first use of
 * a fresh broker), a moved coordinator or leader, a group in the middle of a rebalance.
 * They only matter if the retries run out, and then the caller sees the error anyway.
 */
const TRANSIENT_RESPONSE =
  /coordinator is loading|not the correct coordinator|coordinator is not available|group is rebalancing|no leader for this topic-partition|not the leader for that topic-partition|does not host this topic-partition/i;

/** Mostly "already exists": the bus creates topics idempotently, and admin.createTopics throws on a real error. */
const CREATE_TOPICS_RESPONSE = 'Response CreateTopics';

/**
 * Said once per producer. The bus bounds publish retries on purpose (see kafka-bus.ts): a
 * failed publish goes back to the outbox relay and the producer is replaced.
 */
const LIMITED_RETRIES_WARNING = 'Limiting retries for the idempotent producer';

/** A broker outage makes kafkajs repeat the same line on every retry; say it once per window. */
const REPEAT_WINDOW_MS = 10_000;

const levelOf = ({ namespace, level, log }: LogEntry): LogLevel => {
  if (namespace === 'Connection' && log.message.startsWith('Response ') && TRANSIENT_RESPONSE.test(String(log.error))) {
    return LogLevel.DEBUG;
  }
  if (namespace === 'Connection' && log.message.startsWith(CREATE_TOPICS_RESPONSE)) return LogLevel.DEBUG;
  if (namespace === 'Producer' && log.message.startsWith(LIMITED_RETRIES_WARNING)) return LogLevel.DEBUG;
  return level;
};

const describe = ({ namespace, label, log }: LogEntry, level: LogLevel): string => {
  const context = [
    log.groupId && `group=${log.groupId}`,
    log.topic && `topic=${log.topic}`,
    log.partition !== undefined && `partition=${log.partition}`,
    log.offset !== undefined && `offset=${log.offset}`,
  ].filter(Boolean);
  const error = log.error ? `: ${log.error instanceof Error ? log.error.message : String(log.error)}` : '';
  const where = context.length > 0 ? ` (${context.join(' ')})` : '';
  return `kafkajs ${level === LogLevel.DEBUG ? 'DEBUG' : label} [${namespace}] ${log.message}${error}${where}`;
};

/**
 * One line per entry on stderr (jest's console would add a stack frame to each), entries
 * below the client's level dropped (KAFKAJS_LOG_LEVEL=debug still overrides it), and a line
 * repeated within REPEAT_WINDOW_MS said only once, with a count when it comes back.
 */
export function kafkaLogCreator(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): logCreator {
  return (threshold) => {
    const recent = new Map<string, { at: number; repeats: number }>();
    return (entry) => {
      const level = levelOf(entry);
      if (level > threshold) return;
      const line = describe(entry, level);
      // "Restarting the consumer in 1076ms" and "... in 994ms" are the same news.
      const key = line.replace(/\b\d+ms\b/g, '#ms');
      const now = Date.now();
      const seen = recent.get(key);
      if (seen && now - seen.at < REPEAT_WINDOW_MS) {
        seen.repeats++;
        return;
      }
      recent.set(key, { at: now, repeats: 0 });
      if (recent.size > 200) for (const [old, { at }] of recent) if (now - at >= REPEAT_WINDOW_MS) recent.delete(old);
      const time = new Date(now).toISOString().slice(11, 23);
      write(`${time} ${seen?.repeats ? `${line} [repeated ${seen.repeats}x]` : line}`);
    };
  };
}
