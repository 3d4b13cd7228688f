import { MAX_STEP_FAILURES, nextStepAttemptDelay } from './step-retry';

describe('nurture step retry policy', () => {
  it('doubles the delay from 5 minutes after each failure', () => {
    expect([1, 2, 3].map(nextStepAttemptDelay)).toEqual([300_000, 600_000, 1_200_000]);
  });

  it('gives up after the last failure instead of retrying for ever', () => {
    expect(nextStepAttemptDelay(MAX_STEP_FAILURES - 1)).not.toBeNull();
    expect(nextStepAttemptDelay(MAX_STEP_FAILURES)).toBeNull();
  });

  it('never waits more than six hours', () => {
    for (let n = 1; n < MAX_STEP_FAILURES; n++) expect(nextStepAttemptDelay(n)).toBeLessThanOrEqual(6 * 3600_000);
  });
});
