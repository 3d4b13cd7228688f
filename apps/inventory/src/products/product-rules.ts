import { badUserInput } from '@platform/graphql';
import { type MoneyValue, toMinor } from '../shared/money';

/** A product's prices in minor units: list price and standard cost in one currency, the product's. */
export function productPrices(listPrice: MoneyValue, standardCost: MoneyValue): { currency: string; listPriceMinor: bigint; standardCostMinor: bigint } {
  if (listPrice.currency !== standardCost.currency) {
    throw badUserInput(`standardCost must be in the list price's currency ${listPrice.currency}, got ${standardCost.currency}`, {
      standardCost: [`must be in ${listPrice.currency}`],
    });
  }
  return { currency: listPrice.currency, listPriceMinor: toMinor(listPrice, 'listPrice'), standardCostMinor: toMinor(standardCost, 'standardCost') };
}
