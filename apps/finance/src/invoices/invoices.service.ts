import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { AccountsService } from '../ledger/accounts.service';
import { JournalService } from '../ledger/journal.service';
import { signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { RatesService } from '../rates/rates.service';
import { addDays, today, yearOf } from '../shared/dates';
import { nextDocumentNumber } from '../shared/numbering';
import { financeTransaction } from '../shared/transaction';
import { emitCancelled, emitPaid, emitPosted } from './invoice-events';
import { draftRefusal, type LineInput, priceDocument, settledStatus } from './invoice-rules';
import { InvoiceStatus } from './invoice.model';
import { type InvoiceLineRow, type InvoiceRow, InvoicesRepository } from './invoices.repository';

export interface DraftInput {
  customerId: string;
  lines: LineInput[];
  issueDate?: string | null;
  /** Default: issue date + 30 days. */
  dueDate?: string | null;
  memo?: string | null;
  dealId?: string | null;
}

export const PAYMENT_TERMS_DAYS = 30;

/** Invoice drafts, posting and cancelling; credit notes and payments settle through settleIn. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InvoicesRepository,
    private readonly journal: JournalService,
    private readonly accounts: AccountsService,
    private readonly rates: RatesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  createDraft(input: DraftInput, actor?: Identity): Promise<InvoiceRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const row = await this.createDraftIn(manager, input);
      if (!row) throw badUserInput(`Deal ${input.dealId} is already invoiced`, { dealId: ['already invoiced'] });
      await this.audit.record(manager, actor, 'createInvoice', row.id, { total: row.totalMinor, currency: row.currency });
      return row;
    });
  }

  /** A draft in the caller's transaction; undefined when the deal already has an invoice. */
  createDraftIn(manager: EntityManager, input: DraftInput): Promise<InvoiceRow | undefined> {
    const priced = priceDocument(input.lines);
    const issueDate = input.issueDate ?? today();
    return this.repository.insertDraft(
      manager,
      {
        customerId: input.customerId,
        currency: priced.currency,
        issueDate,
        dueDate: this.dueDate(issueDate, input.dueDate),
        dealId: input.dealId ?? null,
        memo: input.memo ?? null,
        subtotal: priced.subtotal,
        tax: priced.tax,
        total: priced.total,
      },
      priced.lines,
    );
  }

  updateDraft(id: string, input: Omit<DraftInput, 'customerId' | 'dealId'>, actor?: Identity): Promise<InvoiceRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const invoice = await this.lock(manager, id);
      const refusal = draftRefusal(invoice, 'Changing an invoice');
      if (refusal) throw refusal;
      const priced = priceDocument(input.lines);
      const issueDate = input.issueDate ?? invoice.issueDate;
      const row = await this.repository.replaceDraft(
        manager,
        id,
        { ...priced, issueDate, dueDate: this.dueDate(issueDate, input.dueDate), memo: input.memo ?? invoice.memo },
        priced.lines,
      );
      await this.audit.record(manager, actor, 'updateInvoice', id, { total: row.totalMinor });
      return row;
    });
  }

  post(id: string, actor?: Identity): Promise<InvoiceRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const row = await this.postIn(manager, await this.lock(manager, id), actor);
      await this.audit.record(manager, actor, 'postInvoice', id, { number: row.number });
      return row;
    });
  }

  /**
   * Posts a locked draft: receivable against revenue and tax at the rate of its
   * issue date, the next number of its year, finance.invoice.posted.
   */
  async postIn(manager: EntityManager, invoice: InvoiceRow, actor?: Identity, orderId?: string): Promise<InvoiceRow> {
    const refusal = draftRefusal(invoice, 'Posting');
    if (refusal) throw refusal;
    if (BigInt(invoice.totalMinor) === 0n) throw badUserInput(`Invoice ${invoice.id} totals zero: there is nothing to post`, { lines: ['total is zero'] });
    const rate = await this.rates.rateOn(manager, invoice.currency, invoice.issueDate);
    const revenue = this.rates.toFunctional(BigInt(invoice.subtotalMinor), invoice.currency, rate);
    const tax = this.rates.toFunctional(BigInt(invoice.taxMinor), invoice.currency, rate);
    const accounts = await this.accounts.systemIds();
    // The number last: the sequence row stays locked from here to commit, as briefly as can be.
    const entryId = await this.journal.postIn(manager, {
      date: invoice.issueDate,
      memo: `Invoice to customer ${invoice.customerId}`,
      source: EntrySource.INVOICE,
      sourceId: invoice.id,
      createdBy: actor?.sub ?? null,
      lines: [
        signedLine(accounts.receivable, revenue + tax, { customerId: invoice.customerId }),
        signedLine(accounts.revenue, -revenue),
        signedLine(accounts.tax, -tax),
      ],
    });
    const number = await nextDocumentNumber(manager, 'INV', yearOf(invoice.issueDate));
    const row = await this.repository.update(manager, invoice.id, {
      status: InvoiceStatus.POSTED,
      number,
      rate,
      functionalTotalMinor: (revenue + tax).toString(),
      entryId,
      orderId,
      posted: true,
    });
    await emitPosted(this.outbox, manager, row);
    return row;
  }

  /**
   * Records that `paid` (payments) or `credited` (credit notes) more of a
   * locked, open invoice is settled, relieving `functional` of its receivable;
   * the status follows, and finance.invoice.paid when that settles it with payments.
   */
  async settleIn(manager: EntityManager, invoice: InvoiceRow, change: { paid?: bigint; credited?: bigint; functional: bigint }): Promise<InvoiceRow> {
    const paid = BigInt(invoice.paidMinor) + (change.paid ?? 0n);
    const credited = BigInt(invoice.creditedMinor) + (change.credited ?? 0n);
    const status = settledStatus(BigInt(invoice.totalMinor), paid, credited);
    const row = await this.repository.update(manager, invoice.id, {
      status,
      paidMinor: paid.toString(),
      creditedMinor: credited.toString(),
      functionalSettledMinor: (BigInt(invoice.functionalSettledMinor) + change.functional).toString(),
      paid: status === InvoiceStatus.PAID,
    });
    if (status === InvoiceStatus.PAID) await emitPaid(this.outbox, manager, row);
    return row;
  }

  /** A draft is discarded (cancelled without a number); a posted invoice is cancelled by the credit note the caller issues. */
  async discardDraftIn(manager: EntityManager, invoice: InvoiceRow, reason: string): Promise<InvoiceRow> {
    const row = await this.repository.update(manager, invoice.id, { status: InvoiceStatus.CANCELLED });
    await emitCancelled(this.outbox, manager, row, null, reason);
    return row;
  }

  async lock(manager: EntityManager, id: string): Promise<InvoiceRow> {
    const row = await this.repository.lock(manager, id);
    if (!row) throw notFound('Invoice', id);
    return row;
  }

  lockByDeal(manager: EntityManager, dealId: string): Promise<InvoiceRow | undefined> {
    return this.repository.lockByDeal(manager, dealId);
  }

  lockMany(manager: EntityManager, ids: readonly string[]): Promise<InvoiceRow[]> {
    return this.repository.lockMany(manager, ids);
  }

  async get(id: string): Promise<InvoiceRow> {
    const [row] = await this.repository.findByIds([id]);
    if (!row) throw notFound('Invoice', id);
    return row;
  }

  findByIds(ids: readonly string[]): Promise<InvoiceRow[]> {
    return this.repository.findByIds(ids);
  }

  linesOf(ids: readonly string[]): Promise<InvoiceLineRow[]> {
    return this.repository.linesOf(ids);
  }

  list(first: number, after: string | null | undefined, filter: { customerId?: string | null; status?: InvoiceStatus | null }): Promise<Page<InvoiceRow>> {
    return this.repository.list(first, after, filter);
  }

  pagesByCustomer(customerIds: readonly string[], first: number, after: string | null | undefined, status: InvoiceStatus | null): Promise<Page<InvoiceRow>[]> {
    return this.repository.pagesByCustomer(customerIds, first, after, status);
  }

  /** Open balance per customer, functional minor units. */
  openBalances(customerIds: readonly string[]): Promise<Map<string, string>> {
    return this.repository.openBalances(customerIds);
  }

  /** Open, overdue on `day` and lifetime revenue per customer, functional minor units. */
  accountFigures(customerIds: readonly string[], day: string): Promise<Map<string, { open: string; overdue: string; lifetime: string }>> {
    return this.repository.accountFigures(customerIds, day);
  }

  private dueDate(issueDate: string, dueDate: string | null | undefined): string {
    const due = dueDate ?? addDays(issueDate, PAYMENT_TERMS_DAYS);
    if (due < issueDate) throw badUserInput(`dueDate ${due} is before the issue date ${issueDate}`, { dueDate: ['on or after the issue date'] });
    return due;
  }
}
