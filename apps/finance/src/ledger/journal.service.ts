import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { DomainError, notFound, type Page } from '@platform/graphql';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { financeTransaction } from '../shared/transaction';
import { compactLines, entryRefusal, type LineDraft, periodOf, reversedLines } from './journal-rules';
import { EntrySource, PeriodStatus } from './ledger.model';
import { type EntryRow, LedgerRepository, type LineRow, type NewEntry } from './ledger.repository';

/** Posting to the general ledger: every document's entry and the manual ones go through postIn. */
@Injectable()
export class JournalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LedgerRepository,
  ) {}

  /**
   * Posts a balanced entry in the caller's transaction, dated in an open
   * period (share-locked until commit, so a close waits for it). The
   * database checks the balance again at commit. A document's lines are
   * merged per account and side first; `asGiven` keeps a person's lines as
   * they were entered.
   */
  async postIn(manager: EntityManager, entry: NewEntry, options: { asGiven?: boolean } = {}): Promise<string> {
    const lines = options.asGiven ? entry.lines : compactLines(entry.lines);
    const refusal = entryRefusal(lines);
    if (refusal) throw refusal;
    await this.requireOpenPeriod(manager, entry.date);
    return this.repository.insertEntry(manager, { ...entry, lines });
  }

  /** Refuses a date in a closed period with PERIOD_CLOSED; the period stays share-locked until the caller commits. */
  async requireOpenPeriod(manager: EntityManager, date: string): Promise<void> {
    const period = await this.repository.lockPeriodShared(manager, periodOf(date));
    if (period.status === PeriodStatus.CLOSED) {
      throw new DomainError(
        FinanceErrorCode.PeriodClosed,
        `The fiscal period ${period.startsOn} to ${period.endsOn} is closed; date the posting in an open period`,
        {
          period: period.startsOn,
        },
      );
    }
  }

  /** A manual entry, its lines as given. */
  async postManual(input: { date: string; memo: string; lines: LineDraft[] }, actor?: Identity): Promise<EntryRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const id = await this.postIn(manager, { ...input, source: EntrySource.MANUAL, createdBy: actor?.sub ?? null }, { asGiven: true });
      return (await this.repository.entry(manager, id))!;
    });
  }

  /**
   * Reverses a manual entry once, dated `date` (in an open period): the same lines with the sides swapped,
   * naming the original. Entries of documents are corrected through the documents (a credit note).
   */
  async reverse(id: string, date: string, memo: string | null, actor?: Identity): Promise<EntryRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const original = await this.repository.entry(manager, id);
      if (!original) throw notFound('JournalEntry', id);
      if (original.source !== EntrySource.MANUAL) {
        throw new DomainError(
          FinanceErrorCode.EntryImmutable,
          `Entry ${id} was written by a ${original.source.replace('_', ' ')}; correct the document instead (a credit note for an invoice)`,
          { entryId: id },
        );
      }
      const reversal = await this.repository.reversalOf(manager, id);
      if (reversal)
        throw new DomainError(FinanceErrorCode.EntryImmutable, `Entry ${id} is already reversed by ${reversal.id}`, { entryId: id, reversalId: reversal.id });
      const lines = (await this.repository.linesOf([id], manager)).map(toDraft);
      const reversalId = await this.postIn(manager, {
        date,
        memo: memo ?? `Reversal of ${original.memo}`,
        source: EntrySource.REVERSAL,
        reversesId: id,
        createdBy: actor?.sub ?? null,
        lines: reversedLines(lines),
      });
      return (await this.repository.entry(manager, reversalId))!;
    });
  }

  async get(id: string): Promise<EntryRow> {
    const row = await this.repository.entry(this.dataSource, id);
    if (!row) throw notFound('JournalEntry', id);
    return row;
  }

  list(first: number, after: string | null | undefined, from: string | null, to: string | null): Promise<Page<EntryRow>> {
    return this.repository.listEntries(first, after, from, to);
  }

  linesOf(entryIds: readonly string[]): Promise<LineRow[]> {
    return this.repository.linesOf(entryIds);
  }

  entriesByIds(ids: readonly string[]): Promise<EntryRow[]> {
    return this.repository.entriesByIds(ids);
  }
}

const toDraft = (l: LineRow): LineDraft => ({
  accountId: l.accountId,
  debit: BigInt(l.debitMinor),
  credit: BigInt(l.creditMinor),
  customerId: l.customerId,
  vendorId: l.vendorId,
  memo: l.memo,
});
