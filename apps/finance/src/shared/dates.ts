/** Today as YYYY-MM-DD in UTC: the date documents and entries take when none is given. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A YYYY-MM-DD date `days` later. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The calendar year of a YYYY-MM-DD date: the fiscal year and the year of document numbers. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));
