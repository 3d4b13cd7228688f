import { productPrices } from './product-rules';

describe('productPrices', () => {
  it('gives minor units in the one currency', () => {
    expect(productPrices({ amount: '12.50', currency: 'EUR' }, { amount: '7', currency: 'EUR' })).toEqual({
      currency: 'EUR',
      listPriceMinor: 1250n,
      standardCostMinor: 700n,
    });
  });

  it('refuses a cost in another currency than the list price', () => {
    expect(() => productPrices({ amount: '1', currency: 'EUR' }, { amount: '1', currency: 'USD' })).toThrow(
      /standardCost must be in the list price's currency EUR/,
    );
  });

  it('refuses more decimals than the currency has', () => {
    expect(() => productPrices({ amount: '1.005', currency: 'EUR' }, { amount: '1', currency: 'EUR' })).toThrow(/listPrice/);
  });
});
