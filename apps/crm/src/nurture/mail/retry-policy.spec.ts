import { MAX_SEND_ATTEMPTS, messageIdOf, nextAttemptDelay } from './retry-policy';

describe('outbound email retry policy', () => {
  it('doubles the delay from 30 seconds after each failure', () => {
    expect([1, 2, 3, 4].map(nextAttemptDelay)).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptDelay(MAX_SEND_ATTEMPTS - 1)).not.toBeNull();
    expect(nextAttemptDelay(MAX_SEND_ATTEMPTS)).toBeNull();
  });

  it('never waits more than six hours', () => {
    for (let n = 1; n < MAX_SEND_ATTEMPTS; n++) expect(nextAttemptDelay(n)).toBeLessThanOrEqual(6 * 3600_000);
  });

  it('derives the same Message-ID from the same email id', () => {
    expect(messageIdOf('0b7c1e8e-0000-4000-8000-000000000001')).toBe('<0b7c1e8e-0000-4000-8000-000000000001@nurture.crm.invalid>');
  });
});
