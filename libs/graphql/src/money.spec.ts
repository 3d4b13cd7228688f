import { minorDigits, minorFromDecimal, moneyFromMinor } from './money';

describe('money', () => {
  it('knows currency exponents', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(() => minorDigits('EURO')).toThrow(/not an ISO 4217/);
  });

  it('uses the ISO 4217 minor unit where display conventions drop decimals', () => {
    expect([minorDigits('HUF'), minorDigits('IDR'), minorDigits('IQD'), minorDigits('COP')]).toEqual([2, 2, 3, 2]);
    expect(minorFromDecimal('1.50', 'HUF')).toBe(150n);
    expect(moneyFromMinor(1500n, 'IQD')).toEqual({ amount: '1.500', currency: 'IQD' });
    // Zero-decimal currencies stay zero-decimal.
    expect([minorDigits('ISK'), minorDigits('KRW'), minorDigits('CLP')]).toEqual([0, 0, 0]);
  });

  it('formats minor units as decimal strings', () => {
    expect(moneyFromMinor(0n, 'USD')).toEqual({ amount: '0.00', currency: 'USD' });
    expect(moneyFromMinor('5', 'USD').amount).toBe('0.05');
    expect(moneyFromMinor('-125050', 'EUR').amount).toBe('-1250.50');
    expect(moneyFromMinor('1500', 'JPY').amount).toBe('1500');
    expect(moneyFromMinor('90071992547409931', 'USD').amount).toBe('900719925474099.31');
  });

  it('parses decimal strings exactly', () => {
    expect(minorFromDecimal('1250.5', 'EUR')).toBe(125050n);
    expect(minorFromDecimal('-0.01', 'USD')).toBe(-1n);
    expect(minorFromDecimal('1500', 'JPY')).toBe(1500n);
    expect(() => minorFromDecimal('1.001', 'USD')).toThrow(/at most 2 decimal places/);
    expect(() => minorFromDecimal('1e3', 'USD')).toThrow(/not a decimal amount/);
  });
});
