import { badUserInput, minorDigits } from '@platform/graphql';

export { type MoneyValue, toMinor } from '@platform/graphql';

/**
 * Exact arithmetic on minor units (bigint) for documents and the ledger.
 *
 * Rounding rule, everywhere: half away from zero, to the minor unit of the
 * currency. Tax is computed and rounded per line (net × rate), then the lines
 * are added up; a document's tax is the sum of its lines' rounded taxes, never
 * the rate applied to the document's net.
 */

/** The largest amount a bigint column holds. */
export const MAX_MINOR = 9_223_372_036_854_775_807n;

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('divisor must be positive');
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

/** A tax rate as given ("20", "7.25", percent with at most two decimals) in basis points. */
export function taxRateBasisPoints(rate: string, field: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(rate.trim());
  const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : Number.NaN;
  if (!(bp >= 0 && bp <= 10000)) throw badUserInput(`${field} must be a percentage from 0 to 100 with at most two decimals`, { [field]: ['0 to 100'] });
  return bp;
}

/** Basis points as the percentage text the API shows ("20", "7.25"). */
export const percentOf = (bp: number): string => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, ''));

/** One line's net (quantity × unit price) and its tax, rounded on the line. */
export function lineAmounts(quantity: number, unitPriceMinor: bigint, taxRateBp: number): { net: bigint; tax: bigint } {
  const net = BigInt(quantity) * unitPriceMinor;
  return { net, tax: divRound(net * BigInt(taxRateBp), 10_000n) };
}

/** A positive decimal rate as a fraction (numerator, denominator) of bigints. */
function rateFraction(rate: string): [bigint, bigint] {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) throw new RangeError(`"${rate}" is not a decimal rate`);
  const fraction = match[2] ?? '';
  return [BigInt(match[1] + fraction), 10n ** BigInt(fraction.length)];
}

/**
 * An amount of `from` (minor units) in `to` at `rate` units of `to` per unit
 * of `from`, rounded half away from zero to `to`'s minor unit.
 */
export function convertMinor(minor: bigint, from: string, to: string, rate: string): bigint {
  if (from === to) return minor;
  const [num, den] = rateFraction(rate);
  const scaleFrom = 10n ** BigInt(minorDigits(from));
  const scaleTo = 10n ** BigInt(minorDigits(to));
  return divRound(minor * num * scaleTo, den * scaleFrom);
}

/**
 * The functional amount a part of a document settles: proportional to what the
 * ledger booked for the whole, and exactly the rest when the part settles it,
 * so the receivable (or payable) of a settled document is zero to the minor unit.
 */
export function functionalShare(part: bigint, remaining: bigint, functionalTotal: bigint, functionalSettled: bigint, total: bigint): bigint {
  if (part === remaining) return functionalTotal - functionalSettled;
  if (total === 0n) return 0n;
  return divRound(part * functionalTotal, total);
}
