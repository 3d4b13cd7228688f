import { badUserInput, DomainError } from '@platform/graphql';
import { FinanceErrorCode } from '../shared/finance-error-codes';

/** One side of one account in an entry, in functional minor units. */
export interface LineDraft {
  accountId: string;
  debit: bigint;
  credit: bigint;
  customerId?: string | null;
  vendorId?: string | null;
  memo?: string | null;
}

/** Why these lines cannot form an entry (each line one side, at least two lines, debits = credits), or undefined. */
export function entryRefusal(lines: readonly LineDraft[]): DomainError | undefined {
  const oneSided = lines.findIndex((l) => l.debit < 0n || l.credit < 0n || l.debit > 0n === l.credit > 0n);
  if (oneSided >= 0) {
    return badUserInput(`Line ${oneSided + 1} must have either a debit or a credit, positive, not both`, { [`lines.${oneSided}`]: ['one positive side'] });
  }
  const debits = lines.reduce((sum, l) => sum + l.debit, 0n);
  const credits = lines.reduce((sum, l) => sum + l.credit, 0n);
  if (lines.length < 2 || debits !== credits) {
    return new DomainError(
      FinanceErrorCode.UnbalancedEntry,
      `A journal entry needs at least two lines whose debits equal their credits; got ${lines.length} lines, debits ${debits}, credits ${credits} (minor units)`,
      { debits: debits.toString(), credits: credits.toString() },
    );
  }
  return undefined;
}

/**
 * Lines with the zero ones dropped and the same account and party on the
 * same side merged: what a document's posting writes.
 */
export function compactLines(lines: readonly LineDraft[]): LineDraft[] {
  const merged = new Map<string, LineDraft>();
  for (const line of lines) {
    if (line.debit === 0n && line.credit === 0n) continue;
    const side = line.debit > 0n ? 'd' : 'c';
    const key = `${line.accountId}:${side}:${line.customerId ?? ''}:${line.vendorId ?? ''}:${line.memo ?? ''}`;
    const existing = merged.get(key);
    if (existing) merged.set(key, { ...existing, debit: existing.debit + line.debit, credit: existing.credit + line.credit });
    else merged.set(key, { ...line });
  }
  return [...merged.values()];
}

/** A debit (positive) or credit (negative) of `amount` as a line; a negative amount flips the side. */
export function signedLine(accountId: string, amount: bigint, party: Pick<LineDraft, 'customerId' | 'vendorId' | 'memo'> = {}): LineDraft {
  return amount >= 0n ? { accountId, debit: amount, credit: 0n, ...party } : { accountId, debit: 0n, credit: -amount, ...party };
}

/** The lines of a reversal: every debit a credit and back. */
export const reversedLines = (lines: readonly LineDraft[]): LineDraft[] => lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));

/** The first day of the month of a YYYY-MM-DD date: the fiscal period it falls in. */
export const periodOf = (date: string): string => `${date.slice(0, 7)}-01`;
