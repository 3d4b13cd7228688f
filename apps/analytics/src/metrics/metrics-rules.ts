import { minorDigits, type Money } from '@platform/graphql';

/** A ratio, or null when there is nothing to divide by (no leads, no closed deals): 0 would claim a measurement. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * A decimal amount as Postgres computes it (an average has many digits) as
 * Money, rounded half away from zero to the currency's minor unit.
 */
export function roundedMoney(amount: string, currency: string): Money {
  const digits = minorDigits(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  let minor = BigInt(whole + fraction.slice(0, digits).padEnd(digits, '0'));
  if (Number(fraction[digits] ?? '0') >= 5) minor += 1n;
  const text = minor.toString().padStart(digits + 1, '0');
  const value = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return { amount: `${sign && minor !== 0n ? '-' : ''}${value}`, currency };
}

/**
 * Pipeline velocity, per day: opportunities closed x average won deal x win
 * rate / average sales cycle in days. Null without a won deal or a measured
 * cycle.
 */
export function pipelineVelocity(closed: number, averageWon: string, winRate: number | null, cycleDays: number | null): string | null {
  if (!closed || winRate === null || !cycleDays) return null;
  return ((closed * Number(averageWon) * winRate) / cycleDays).toFixed(6);
}
