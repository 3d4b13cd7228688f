import { badUserInput, type Money, minorFromDecimal, moneyFromMinor } from '@platform/graphql';

/**
 * Pricing of product lines (deal line items, quote lines): amounts in minor
 * units, one currency per set of lines.
 */

/** The largest amount a bigint column holds. */
const MAX_MINOR = 9_223_372_036_854_775_807n;

export interface MoneyValue {
  amount: string;
  currency: string;
}

export interface LineInput {
  productId: string;
  description?: string | null;
  quantity: number;
  unitPrice: MoneyValue;
}

export interface PricedLine {
  productId: string;
  description: string | null;
  quantity: number;
  unitPriceMinor: bigint;
}

/** Minor units of an amount; more decimals than the currency has (or no such currency) is the caller's mistake. */
export function toMinor(money: MoneyValue, field: string): bigint {
  try {
    return minorFromDecimal(money.amount, money.currency);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badUserInput(`${field}: ${message}`, { [field]: [message] });
  }
}

/** Lines priced in minor units, all in one currency, and their sum. */
export function priceLines(lines: readonly LineInput[], field = 'lineItems'): { currency: string; totalMinor: bigint; lines: PricedLine[] } | undefined {
  if (!lines.length) return undefined;
  const currencies = [...new Set(lines.map((l) => l.unitPrice.currency))];
  if (currencies.length > 1) {
    throw badUserInput(`All line items must be in one currency; got ${currencies.join(', ')}`, { [field]: [`mixed currencies: ${currencies.join(', ')}`] });
  }
  const priced = lines.map((l, i) => ({
    productId: l.productId,
    description: l.description ?? null,
    quantity: l.quantity,
    unitPriceMinor: toMinor(l.unitPrice, `${field}.${i}.unitPrice`),
  }));
  const totalMinor = priced.reduce((sum, l) => sum + l.unitPriceMinor * BigInt(l.quantity), 0n);
  if (totalMinor > MAX_MINOR) throw badUserInput(`The line items add up to more than a deal can hold`, { [field]: ['total too large'] });
  return { currency: currencies[0], totalMinor, lines: priced };
}

/** A stored line's unit price and total (quantity × unit price) as money. */
export function lineMoney(line: { unitPriceMinor: string; quantity: number; currency: string }): { unitPrice: Money; total: Money } {
  return {
    unitPrice: moneyFromMinor(line.unitPriceMinor, line.currency),
    total: moneyFromMinor(BigInt(line.unitPriceMinor) * BigInt(line.quantity), line.currency),
  };
}
