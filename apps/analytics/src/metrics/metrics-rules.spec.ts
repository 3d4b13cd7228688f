import { pipelineVelocity, ratio, roundedMoney } from './metrics-rules';

describe('metrics rules', () => {
  it('divides only what can be divided', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(0, 0)).toBeNull();
  });

  it('rounds averages to the currency, half away from zero', () => {
    expect(roundedMoney('1234.5650000', 'EUR')).toEqual({ amount: '1234.57', currency: 'EUR' });
    expect(roundedMoney('1234.5649999', 'EUR')).toEqual({ amount: '1234.56', currency: 'EUR' });
    expect(roundedMoney('0.005', 'USD')).toEqual({ amount: '0.01', currency: 'USD' });
    expect(roundedMoney('99.5', 'JPY')).toEqual({ amount: '100', currency: 'JPY' });
    expect(roundedMoney('-2.345', 'EUR')).toEqual({ amount: '-2.35', currency: 'EUR' });
    expect(roundedMoney('7', 'BHD')).toEqual({ amount: '7.000', currency: 'BHD' });
  });

  it('computes pipeline velocity per day, or nothing without a cycle', () => {
    // 4 closed, 1000 average won, half won, 20-day cycle: 100 a day.
    expect(Number(pipelineVelocity(4, '1000', 0.5, 20))).toBe(100);
    expect(pipelineVelocity(4, '1000', 0.5, null)).toBeNull();
    expect(pipelineVelocity(0, '0', null, 20)).toBeNull();
  });
});
