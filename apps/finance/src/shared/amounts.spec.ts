import { convertMinor, divRound, functionalShare, lineAmounts, percentOf, taxRateBasisPoints, toMinor } from './amounts';

describe('amounts', () => {
  it('rounds half away from zero', () => {
    expect([divRound(5n, 2n), divRound(-5n, 2n), divRound(4n, 3n), divRound(5n, 3n), divRound(-5n, 3n)]).toEqual([3n, -3n, 1n, 2n, -2n]);
  });

  it('rounds tax per line, half up: 3 × 0.15 at 10% is 0.05 (0.045 rounded), not the document rate on the sum', () => {
    expect(lineAmounts(3, 15n, 1000)).toEqual({ net: 45n, tax: 5n });
    // Three such lines: 15 cents of tax, where 10% of the 1.35 net would be 14 cents.
    const lines = [lineAmounts(3, 15n, 1000), lineAmounts(3, 15n, 1000), lineAmounts(3, 15n, 1000)];
    expect(lines.reduce((s, l) => s + l.tax, 0n)).toBe(15n);
    expect(lineAmounts(1, 1999n, 725)).toEqual({ net: 1999n, tax: 145n }); // 144.9275 -> 145
    expect(lineAmounts(2, 0n, 2000)).toEqual({ net: 0n, tax: 0n });
  });

  it('reads tax rates as percentages with up to two decimals', () => {
    expect(taxRateBasisPoints('20', 'r')).toBe(2000);
    expect(taxRateBasisPoints('7.25', 'r')).toBe(725);
    expect(taxRateBasisPoints('0.5', 'r')).toBe(50);
    expect(() => taxRateBasisPoints('100.01', 'r')).toThrow(/0 to 100/);
    expect(() => taxRateBasisPoints('7.255', 'r')).toThrow();
    expect([percentOf(2000), percentOf(725), percentOf(50)]).toEqual(['20', '7.25', '0.5']);
  });

  it('converts between currencies of different minor units, rounding once', () => {
    expect(convertMinor(10000n, 'EUR', 'USD', '1.0845')).toBe(10845n);
    expect(convertMinor(12345n, 'JPY', 'USD', '0.0067')).toBe(8271n); // 82.7115 USD
    expect(convertMinor(100n, 'USD', 'JPY', '150.5')).toBe(151n); // 150.5 -> 151
    expect(convertMinor(999n, 'USD', 'USD', '2')).toBe(999n);
  });

  it('settles the functional remainder exactly on the last part', () => {
    // 100.00 EUR booked as 108.45 USD, paid in three parts.
    expect(functionalShare(3333n, 10000n, 10845n, 0n, 10000n)).toBe(3615n);
    expect(functionalShare(3333n, 6667n, 10845n, 3615n, 10000n)).toBe(3615n);
    expect(functionalShare(3334n, 3334n, 10845n, 7230n, 10000n)).toBe(3615n);
  });

  it('refuses more decimals than the currency has', () => {
    expect(() => toMinor({ amount: '1.001', currency: 'EUR' }, 'amount')).toThrow(/at most 2 decimal places/);
    expect(toMinor({ amount: '12', currency: 'JPY' }, 'amount')).toBe(12n);
  });
});
