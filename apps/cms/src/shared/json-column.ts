import { Column } from '@platform/database';

/**
 * A jsonb column, read as what the driver parsed. `check` says what the value
 * must look like; rows are never cast blindly, so a value of the wrong shape
 * fails where it is read.
 */
export const json = <T>(check: (value: unknown) => value is T, what: string, name?: string) =>
  new Column<T>(
    name,
    (reference) => reference,
    (value) => {
      if (!check(value)) throw new Error(`expected ${what}`);
      return value;
    },
  );

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
