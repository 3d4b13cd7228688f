/** Failed attempts at one step before the enrolment is given up (cancelled, last_error kept). */
export const MAX_STEP_FAILURES = 8;
const BASE_MS = 5 * 60_000;
const MAX_MS = 6 * 60 * 60_000;

/**
 * After the `failures`-th failed attempt at a step: null to give up,
 * otherwise the delay before the next attempt (5 min doubling, at most 6 h;
 * about 10 hours in all, time for an operator to fix what a retry cannot).
 */
export function nextStepAttemptDelay(failures: number): number | null {
  if (failures >= MAX_STEP_FAILURES) return null;
  return Math.min(BASE_MS * 2 ** Math.max(0, failures - 1), MAX_MS);
}
