/**
 * True when a statement failed on the unique index `constraint`: a concurrent
 * transaction committed the same key between the check and the write; the
 * caller turns that into CONFLICT.
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const failure = err as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } } | null;
  const driver = failure?.driverError ?? failure;
  return driver?.code === '23505' && driver?.constraint === constraint;
}
