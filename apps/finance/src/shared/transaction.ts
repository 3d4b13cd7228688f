import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@platform/graphql';
import { FinanceErrorCode } from './finance-error-codes';

/** What the ledger's database rules (migrations/1763900100000-ledger.ts) answer, as the domain's codes. */
const CONSTRAINTS: Record<string, [FinanceErrorCode, string]> = {
  journal_entry_balanced: [FinanceErrorCode.UnbalancedEntry, 'The database refused an unbalanced journal entry'],
  journal_period_open: [FinanceErrorCode.PeriodClosed, 'The database refused an entry dated in a closed fiscal period'],
  journal_immutable: [FinanceErrorCode.EntryImmutable, 'Posted journal entries cannot change: post a reversal'],
};

/** A driver error raised by one of the ledger's rules, as a DomainError; anything else as it was. */
export function ledgerError(error: unknown): unknown {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  const known = typeof constraint === 'string' ? CONSTRAINTS[constraint] : undefined;
  if (!known) return error;
  const detail = error instanceof Error ? error.message : '';
  return new DomainError(known[0], `${known[1]}: ${detail}`, { constraint });
}

/**
 * A transaction whose ledger rules (some checked only at commit) come back as
 * domain errors with their codes; nothing of it is kept when one refuses.
 */
export async function financeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    throw ledgerError(error);
  }
}
