import { badUserInput, minorFromDecimal } from '@platform/graphql';

export interface MoneyValue {
  amount: string;
  currency: string;
}

/** Minor units of an amount given by a caller; more decimals than the currency has is the caller's mistake. */
export function toMinor(money: MoneyValue, field: string): bigint {
  try {
    return minorFromDecimal(money.amount, money.currency);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badUserInput(`${field}: ${message}`, { [field]: [message] });
  }
}

/** A cost must be in the product's currency: costs of one product are averaged together. */
export function costInCurrency(money: MoneyValue, currency: string, field: string): bigint {
  if (money.currency !== currency) {
    throw badUserInput(`${field} must be in the product's currency ${currency}, got ${money.currency}`, { [field]: [`must be in ${currency}`] });
  }
  return toMinor(money, field);
}
