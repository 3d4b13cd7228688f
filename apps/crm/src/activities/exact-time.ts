/**
 * A timestamptz as ISO 8601 text with microseconds, for cursors: a column
 * that may hold microseconds (written by SQL, not only from a JavaScript
 * Date) would lose them in a Date, and the last row of a page would repeat.
 */
export const exactTime = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
