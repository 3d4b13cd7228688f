import type { EntityManager } from 'typeorm';

/**
 * The next number of a gap-free sequence per kind and year (INV-2026-000001).
 * The counter row is written, and so locked, in the caller's transaction:
 * concurrent postings of the same year queue behind it, and a rollback gives
 * the number back, so the numbers that exist are 1..n without a gap.
 */
export async function nextDocumentNumber(manager: EntityManager, kind: 'INV' | 'CN' | 'BILL', year: number): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO document_sequences AS s (kind, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_number = s.last_number + 1 RETURNING last_number`,
    [kind, year],
  )) as { last_number: number }[];
  return `${kind}-${year}-${String(row.last_number).padStart(6, '0')}`;
}
