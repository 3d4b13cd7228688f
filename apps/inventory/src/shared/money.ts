import { badUserInput, type MoneyValue, toMinor } from '@platform/graphql';

export { type MoneyValue, toMinor } from '@platform/graphql';

/** A cost must be in the product's currency: costs of one product are averaged together. */
export function costInCurrency(money: MoneyValue, currency: string, field: string): bigint {
  if (money.currency !== currency) {
    throw badUserInput(`${field} must be in the product's currency ${currency}, got ${money.currency}`, { [field]: [`must be in ${currency}`] });
  }
  return toMinor(money, field);
}
