import { badUserInput, type Money, type MoneyValue, moneyFromMinor, toMinor } from '@platform/graphql';

export { type MoneyValue, toMinor } from '@platform/graphql';

/**
 * Pricing of product lines (deal line items, quote lines): amounts in minor
 * units, one currency per set of lines.
 */

/** The largest amount a bigint column holds. */
const MAX_MINOR = 9_223_372_036_854_775_807n;

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
