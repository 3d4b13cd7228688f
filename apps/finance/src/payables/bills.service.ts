import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { billPostedV1, Outbox } from '@platform/events';
import { badUserInput, DomainError, moneyFromMinor, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { allocationRefusal, draftRefusal, type LineInput, openRefusal, priceDocument, settledStatus } from '../invoices/invoice-rules';
import { AccountsService } from '../ledger/accounts.service';
import { JournalService } from '../ledger/journal.service';
import { signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { RatesService } from '../rates/rates.service';
import { functionalShare, type MoneyValue, toMinor } from '../shared/amounts';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { addDays, today, yearOf } from '../shared/dates';
import { nextDocumentNumber } from '../shared/numbering';
import { financeTransaction } from '../shared/transaction';
import { type BillLineRow, type BillRow, BillsRepository } from './bills.repository';

export const BILL_TERMS_DAYS = 30;

/**
 * Vendor bills against accounts payable: product lines go to inventory, the
 * rest to general expenses, their tax against tax payable (input tax).
 */
@Injectable()
export class BillsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: BillsRepository,
    private readonly journal: JournalService,
    private readonly accounts: AccountsService,
    private readonly rates: RatesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** A draft bill entered by hand (services, or goods not received through inventory). */
  create(input: { vendorId: string; vendorName: string; issueDate?: string | null; lines: LineInput[] }, actor?: Identity): Promise<BillRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      await this.repository.upsertVendor(manager, input.vendorId, input.vendorName);
      const priced = priceDocument(input.lines);
      const issueDate = input.issueDate ?? today();
      const row = await this.repository.insertDraft(
        manager,
        {
          vendorId: input.vendorId,
          purchaseOrderId: null,
          receiptId: null,
          currency: priced.currency,
          issueDate,
          dueDate: addDays(issueDate, BILL_TERMS_DAYS),
        },
        priced,
        priced.lines,
      );
      await this.audit.record(manager, actor, 'createBill', row!.id, { total: row!.totalMinor });
      return row!;
    });
  }

  /** A draft bill of a goods receipt, in the caller's transaction; the vendor is created on its first bill. Nothing twice for one receipt. */
  async draftFromReceiptIn(
    manager: EntityManager,
    receipt: { vendorId: string; vendorName: string; purchaseOrderId: string; receiptId: string; issueDate: string; lines: LineInput[] },
  ): Promise<BillRow | undefined> {
    await this.repository.upsertVendor(manager, receipt.vendorId, receipt.vendorName);
    const priced = priceDocument(receipt.lines);
    return this.repository.insertDraft(
      manager,
      {
        vendorId: receipt.vendorId,
        purchaseOrderId: receipt.purchaseOrderId,
        receiptId: receipt.receiptId,
        currency: priced.currency,
        issueDate: receipt.issueDate,
        dueDate: addDays(receipt.issueDate, BILL_TERMS_DAYS),
      },
      priced,
      priced.lines,
    );
  }

  /** Posts a draft: inventory (or expense) and input tax against payable, numbered BILL-YYYY-NNNNNN; finance.bill.posted. */
  post(id: string, actor?: Identity): Promise<BillRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const bill = await this.lock(manager, id);
      const refusal = draftRefusal({ ...bill, creditedMinor: '0' }, 'Posting');
      if (refusal) throw refusal;
      if (BigInt(bill.totalMinor) === 0n) throw badUserInput(`Bill ${id} totals zero: there is nothing to post`);
      const rate = await this.rates.rateOn(manager, bill.currency, bill.issueDate);
      const lines = await this.repository.linesOf([id]);
      const productNet = lines.filter((l) => l.productId).reduce((s, l) => s + BigInt(l.netMinor), 0n);
      const stock = this.rates.toFunctional(productNet, bill.currency, rate);
      const expense = this.rates.toFunctional(BigInt(bill.subtotalMinor) - productNet, bill.currency, rate);
      const tax = this.rates.toFunctional(BigInt(bill.taxMinor), bill.currency, rate);
      const accounts = await this.accounts.systemIds();
      const entryId = await this.journal.postIn(manager, {
        date: bill.issueDate,
        memo: `Bill from vendor ${bill.vendorId}`,
        source: EntrySource.BILL,
        sourceId: bill.id,
        createdBy: actor?.sub ?? null,
        lines: [
          signedLine(accounts.inventory, stock),
          signedLine(accounts.expense, expense),
          signedLine(accounts.tax, tax),
          signedLine(accounts.payable, -(stock + expense + tax), { vendorId: bill.vendorId }),
        ],
      });
      const number = await nextDocumentNumber(manager, 'BILL', yearOf(bill.issueDate));
      const row = await this.repository.markPosted(manager, id, { number, rate, functionalTotal: stock + expense + tax, entryId });
      await this.outbox.emit(manager, billPostedV1, row.id, {
        billId: row.id,
        number,
        vendorId: row.vendorId,
        purchaseOrderId: row.purchaseOrderId,
        total: moneyFromMinor(row.totalMinor, row.currency),
        dueDate: row.dueDate,
        postedAt: row.postedAt!.toISOString(),
      });
      await this.audit.record(manager, actor, 'postBill', id, { number });
      return row;
    });
  }

  /** Pays (part of) a posted bill from the bank at the day's rate; the difference to the bill's rate is an exchange difference. */
  pay(id: string, money: MoneyValue, paidOn: string | null, actor?: Identity): Promise<BillRow> {
    const amount = toMinor(money, 'amount');
    return financeTransaction(this.dataSource, async (manager) => {
      const bill = await this.lock(manager, id);
      if (money.currency !== bill.currency) {
        throw new DomainError(FinanceErrorCode.CurrencyMismatch, `Bill ${bill.number} is in ${bill.currency}, the payment in ${money.currency}`, {
          billId: id,
        });
      }
      const state = { ...bill, creditedMinor: '0' };
      const refusal = openRefusal(state, 'A bill payment') ?? allocationRefusal(state, amount, 'The payment');
      if (refusal) throw refusal;
      const day = paidOn ?? today();
      const open = BigInt(bill.totalMinor) - BigInt(bill.paidMinor);
      const relief = functionalShare(amount, open, BigInt(bill.functionalTotalMinor!), BigInt(bill.functionalSettledMinor), BigInt(bill.totalMinor));
      const paid = this.rates.toFunctional(amount, bill.currency, await this.rates.rateOn(manager, bill.currency, day));
      const accounts = await this.accounts.systemIds();
      const entryId = await this.journal.postIn(manager, {
        date: day,
        memo: `Payment of bill ${bill.number}`,
        source: EntrySource.BILL_PAYMENT,
        sourceId: bill.id,
        createdBy: actor?.sub ?? null,
        lines: [signedLine(accounts.payable, relief, { vendorId: bill.vendorId }), signedLine(accounts.bank, -paid), signedLine(accounts.fx, paid - relief)],
      });
      const status = settledStatus(BigInt(bill.totalMinor), BigInt(bill.paidMinor) + amount, 0n);
      const row = await this.repository.recordPayment(manager, bill, { amount, functional: relief, paidOn: day, entryId, status });
      await this.audit.record(manager, actor, 'payBill', id, { amount: amount.toString() });
      return row;
    });
  }

  private async lock(manager: EntityManager, id: string): Promise<BillRow> {
    const row = await this.repository.lock(manager, id);
    if (!row) throw notFound('Bill', id);
    return row;
  }

  async get(id: string): Promise<BillRow> {
    const [row] = await this.repository.findByIds([id]);
    if (!row) throw notFound('Bill', id);
    return row;
  }

  list(first: number, after: string | null | undefined, vendorId: string | null): Promise<Page<BillRow>> {
    return this.repository.list(first, after, vendorId);
  }

  linesOf(ids: readonly string[]): Promise<BillLineRow[]> {
    return this.repository.linesOf(ids);
  }

  vendors(): Promise<{ id: string; name: string }[]> {
    return this.repository.vendors();
  }
}
