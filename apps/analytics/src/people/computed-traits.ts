/**
 * Computed traits: how a profile's activity reads, by documented rules.
 *
 * - Engagement score (0 to 100): the share of the last 30 days on which the
 *   person was active (a tracked call by one of their user ids or devices),
 *   as a percentage rounded to the nearest integer. 30 active days of 30 is
 *   100; one day is 3.
 * - Churn risk: from the days since the profile was last seen: under 30 days
 *   LOW, 30 to 89 MEDIUM, 90 or more (or never seen) HIGH.
 */
export const ENGAGEMENT_WINDOW_DAYS = 30;

export enum ChurnRisk {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export function engagementScore(activeDays: number): number {
  return Math.round((Math.min(activeDays, ENGAGEMENT_WINDOW_DAYS) / ENGAGEMENT_WINDOW_DAYS) * 100);
}

export function churnRisk(lastSeenAt: Date | null, now: Date): ChurnRisk {
  if (!lastSeenAt) return ChurnRisk.HIGH;
  const days = (now.getTime() - lastSeenAt.getTime()) / 86_400_000;
  if (days < 30) return ChurnRisk.LOW;
  if (days < 90) return ChurnRisk.MEDIUM;
  return ChurnRisk.HIGH;
}
