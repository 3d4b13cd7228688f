/**
 * The fields whose wanted value differs from the current one. `undefined`
 * means "leave as is"; null is a value (it clears a field). Order follows
 * `fields`, so events name changes in a stable order.
 */
export function changedFields<F extends string>(fields: readonly F[], wanted: Partial<Record<F, unknown>>, current: Record<F, unknown>): F[] {
  return fields.filter((field) => wanted[field] !== undefined && !sameValue(wanted[field], current[field]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
