import { ChurnRisk, churnRisk, engagementScore } from './computed-traits';

describe('computed traits', () => {
  it('scores engagement as the share of the last 30 days with activity', () => {
    expect([0, 1, 15, 30, 45].map(engagementScore)).toEqual([0, 3, 50, 100, 100]);
  });

  it('reads churn risk from the days since last seen', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    expect([daysAgo(0), daysAgo(29.9), daysAgo(30), daysAgo(89.9), daysAgo(90), null].map((d) => churnRisk(d, now))).toEqual([
      ChurnRisk.LOW,
      ChurnRisk.LOW,
      ChurnRisk.MEDIUM,
      ChurnRisk.MEDIUM,
      ChurnRisk.HIGH,
      ChurnRisk.HIGH,
    ]);
  });
});
