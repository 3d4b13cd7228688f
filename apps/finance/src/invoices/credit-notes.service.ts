import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { AuditLog } from '@platform/service';
import { AccountsService } from '../ledger/accounts.service';
import { JournalService } from '../ledger/journal.service';
import { signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { divRound, functionalShare } from '../shared/amounts';
import { today, yearOf } from '../shared/dates';
import { nextDocumentNumber } from '../shared/numbering';
import { financeTransaction } from '../shared/transaction';
import { emitCancelled, emitCreditNoteIssued } from './invoice-events';
import { allocationRefusal, cancelRefusal, openMinor, openRefusal, taxShare } from './invoice-rules';
import { InvoiceStatus } from './invoice.model';
import type { CreditNoteRow, InvoiceRow } from './invoices.repository';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';

/**
 * Credit notes: what a customer owes on a posted invoice is reduced, and its
 * revenue and tax reversed in proportion (tax share rounded half up). A credit
 * note for everything still open on an invoice nothing was paid on cancels it.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invoices: InvoicesService,
    private readonly repository: InvoicesRepository,
    private readonly journal: JournalService,
    private readonly accounts: AccountsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** `amount` (with tax; default: all that is open) off the invoice, dated `date` (default today). */
  issue(invoiceId: string, amount: bigint | null, reason: string, date: string | null, actor?: Identity): Promise<CreditNoteRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const invoice = await this.invoices.lock(manager, invoiceId);
      const { note } = await this.issueIn(manager, invoice, amount ?? openMinor(invoice), reason, date ?? today(), actor);
      await this.audit.record(manager, actor, 'issueCreditNote', note.id, { invoiceId, amount: note.amountMinor, reason });
      return note;
    });
  }

  /** Cancels an invoice: a draft is discarded, a posted one gets a credit note for all of it (CREDIT_NOTE_REQUIRED once paid on). */
  cancel(invoiceId: string, reason: string, date: string | null, actor?: Identity): Promise<InvoiceRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const invoice = await this.invoices.lock(manager, invoiceId);
      const refusal = cancelRefusal(invoice);
      if (refusal) throw refusal;
      const row =
        invoice.status === InvoiceStatus.DRAFT
          ? await this.invoices.discardDraftIn(manager, invoice, reason)
          : (await this.issueIn(manager, invoice, openMinor(invoice), reason, date ?? today(), actor)).invoice;
      await this.audit.record(manager, actor, 'cancelInvoice', invoiceId, { reason });
      return row;
    });
  }

  async issueIn(
    manager: EntityManager,
    invoice: InvoiceRow,
    amount: bigint,
    reason: string,
    date: string,
    actor?: Identity,
  ): Promise<{ note: CreditNoteRow; invoice: InvoiceRow }> {
    const refusal = openRefusal(invoice, 'A credit note') ?? allocationRefusal(invoice, amount, 'The credit note');
    if (refusal) throw refusal;
    const total = BigInt(invoice.totalMinor);
    const functionalTotal = BigInt(invoice.functionalTotalMinor ?? invoice.totalMinor);
    const tax = taxShare(amount, total, BigInt(invoice.taxMinor));
    const relief = functionalShare(amount, openMinor(invoice), functionalTotal, BigInt(invoice.functionalSettledMinor), total);
    const taxRelief = divRound(tax * functionalTotal, total);
    const accounts = await this.accounts.systemIds();
    const entryId = await this.journal.postIn(manager, {
      date,
      memo: `Credit note on invoice ${invoice.number}: ${reason}`,
      source: EntrySource.CREDIT_NOTE,
      sourceId: invoice.id,
      createdBy: actor?.sub ?? null,
      lines: [
        signedLine(accounts.revenue, relief - taxRelief),
        signedLine(accounts.tax, taxRelief),
        signedLine(accounts.receivable, -relief, { customerId: invoice.customerId }),
      ],
    });
    const note = await this.repository.insertCreditNote(manager, {
      number: await nextDocumentNumber(manager, 'CN', yearOf(date)),
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      amountMinor: amount.toString(),
      taxMinor: tax.toString(),
      functionalMinor: relief,
      reason,
      issueDate: date,
      entryId,
    });
    const settled = await this.invoices.settleIn(manager, invoice, { credited: amount, functional: relief });
    await emitCreditNoteIssued(this.outbox, manager, settled, note);
    if (settled.status === InvoiceStatus.CANCELLED) await emitCancelled(this.outbox, manager, settled, note.id, reason);
    return { note, invoice: settled };
  }

  creditNotesOf(invoiceIds: readonly string[]): Promise<CreditNoteRow[]> {
    return this.repository.creditNotesOf(invoiceIds);
  }
}
