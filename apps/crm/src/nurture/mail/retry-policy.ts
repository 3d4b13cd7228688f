/** Attempts before an email is given up (status failed). */
export const MAX_SEND_ATTEMPTS = 8;
const BASE_MS = 30_000;
const MAX_MS = 6 * 60 * 60 * 1000;

/**
 * After the `attempts`-th failed send: null to give up, otherwise the delay
 * before the next attempt (30 s, 1 min, 2 min, ... doubling, at most 6 h).
 */
export function nextAttemptDelay(attempts: number): number | null {
  if (attempts >= MAX_SEND_ATTEMPTS) return null;
  return Math.min(BASE_MS * 2 ** Math.max(0, attempts - 1), MAX_MS);
}

/** The Message-ID of an outbound email: derived from its id, so a resend after a crash carries the same one. */
export const messageIdOf = (outboundEmailId: string) => `<${outboundEmailId}@nurture.crm.invalid>`;
