import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns a value other than undefined or false, for
 * effects that take a hop or two (an event, a background loop). An error
 * thrown by `check` counts as "not yet"; after `timeoutMs` the wait fails,
 * naming `what` and the last error.
 */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}
