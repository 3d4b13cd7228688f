import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, DomainError, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { allocationRefusal, openMinor, openRefusal } from '../invoices/invoice-rules';
import type { InvoiceRow } from '../invoices/invoices.repository';
import { InvoicesService } from '../invoices/invoices.service';
import { AccountsService } from '../ledger/accounts.service';
import { JournalService } from '../ledger/journal.service';
import { signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { RatesService } from '../rates/rates.service';
import { type MoneyValue, toMinor } from '../shared/amounts';
import { today } from '../shared/dates';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { financeTransaction } from '../shared/transaction';
import { emitReceived } from './payment-events';
import { allocate } from './allocation';
import { mergeAllocations, type PaymentBalance, planAllocations, strictAllocationRefusal } from './payment-rules';
import { type AllocationRow, type NewAllocation, type PaymentRow, PaymentsRepository } from './payments.repository';

export interface RecordPaymentInput {
  customerId: string;
  amount: MoneyValue;
  receivedOn?: string | null;
  reference?: string | null;
  /** Strict: exactly these (OVER_ALLOCATION beyond an invoice's open amount or the payment). None: matched automatically. */
  allocations?: { invoiceId: string; amount: MoneyValue }[] | null;
}

/**
 * Customer payments: the money goes to the bank, the allocated part relieves
 * receivables (at each invoice's booked rate, the difference to the payment's
 * rate an exchange difference), the rest is customer credit for later.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PaymentsRepository,
    private readonly invoices: InvoicesService,
    private readonly journal: JournalService,
    private readonly accounts: AccountsService,
    private readonly rates: RatesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  record(input: RecordPaymentInput, actor?: Identity): Promise<PaymentRow> {
    const amount = toMinor(input.amount, 'amount');
    if (amount <= 0n) throw badUserInput('amount must be positive', { amount: ['positive'] });
    const currency = input.amount.currency;
    const strict = input.allocations
      ? mergeAllocations(input.allocations.map((a, i) => ({ invoiceId: a.invoiceId, amount: this.allocationAmount(a.amount, currency, i) })))
      : null;
    return financeTransaction(this.dataSource, async (manager) => {
      const receivedOn = input.receivedOn ?? today();
      const rate = await this.rates.rateOn(manager, currency, receivedOn);
      const functionalAmount = this.rates.toFunctional(amount, currency, rate);
      const plan = strict
        ? await this.strictPlan(manager, input.customerId, currency, amount, strict)
        : await this.matchedPlan(manager, input.customerId, currency, input.reference ?? null, amount);
      // The payment's id is not known before its row; the plan names it NEW until then.
      const opening = new Map([[NEW, { amount, unapplied: amount, functionalAmount, functionalUnapplied: functionalAmount }]]);
      const accounts = await this.accounts.systemIds();
      const applied = allocate(
        opening,
        plan.map((p) => ({ paymentId: NEW, ...p })),
        accounts,
      );
      const rest = applied.balances.get(NEW)!;
      const entryId = await this.journal.postIn(manager, {
        date: receivedOn,
        memo: `Payment from customer ${input.customerId}${input.reference ? ` (${input.reference})` : ''}`,
        source: EntrySource.PAYMENT,
        createdBy: actor?.sub ?? null,
        lines: [
          signedLine(accounts.bank, functionalAmount),
          ...applied.lines,
          signedLine(accounts.customer_credit, -rest.functionalUnapplied, { customerId: input.customerId }),
        ],
      });
      const payment = await this.repository.insert(manager, {
        customerId: input.customerId,
        reference: input.reference ?? null,
        currency,
        amountMinor: amount.toString(),
        unapplied: rest.unapplied,
        receivedOn,
        rate,
        functionalAmountMinor: functionalAmount.toString(),
        functionalUnapplied: rest.functionalUnapplied,
        entryId,
        createdBy: actor?.sub ?? null,
      });
      const allocations = applied.allocations.map((a) => ({ ...a, paymentId: payment.id }));
      await this.settle(manager, entryId, plan, allocations);
      await emitReceived(this.outbox, manager, payment, allocations);
      await this.audit.record(manager, actor, 'recordPayment', payment.id, { amount: payment.amountMinor, allocations: allocations.length });
      return payment;
    });
  }

  /** Settles an open invoice from the customer's credit (oldest payments first): up to `amount`, or as much as is open and there is credit. */
  applyCredit(invoiceId: string, amount: MoneyValue | null, date: string | null, actor?: Identity): Promise<InvoiceRow> {
    return financeTransaction(this.dataSource, async (manager) => {
      const invoice = await this.invoices.lock(manager, invoiceId);
      const wanted = amount ? this.allocationAmount(amount, invoice.currency, null) : openMinor(invoice);
      const refusal = openRefusal(invoice, 'Applying credit') ?? allocationRefusal(invoice, wanted, 'The credit applied');
      if (refusal) throw refusal;
      const payments = await this.repository.lockCredit(manager, invoice.customerId, invoice.currency);
      const credit = payments.reduce((s, p) => s + BigInt(p.unappliedMinor), 0n);
      if (credit === 0n || (amount && credit < wanted)) {
        throw new DomainError(FinanceErrorCode.OverAllocation, `Customer ${invoice.customerId} has ${credit} ${invoice.currency} of credit (minor units)`, {
          available: credit.toString(),
          requested: wanted.toString(),
        });
      }
      const steps = planAllocations(
        wanted < credit ? wanted : credit,
        payments.map((p) => ({ id: p.id, open: BigInt(p.unappliedMinor) })),
      ).map((p) => ({
        paymentId: p.document.id,
        invoice,
        amount: p.amount,
      }));
      const accounts = await this.accounts.systemIds();
      const applied = allocate(new Map(payments.map((p) => [p.id, balanceOf(p)])), steps, accounts);
      const entryId = await this.journal.postIn(manager, {
        date: date ?? today(),
        memo: `Customer credit applied to invoice ${invoice.number}`,
        source: EntrySource.CREDIT_APPLICATION,
        sourceId: invoiceId,
        createdBy: actor?.sub ?? null,
        lines: [...applied.allocations.map((a) => signedLine(accounts.customer_credit, a.paid, { customerId: invoice.customerId })), ...applied.lines],
      });
      await this.repository.setUnapplied(
        manager,
        steps.map((s) => ({ id: s.paymentId, ...applied.balances.get(s.paymentId)! })),
      );
      await this.repository.insertAllocations(manager, entryId, applied.allocations);
      const settled = await this.invoices.settleIn(manager, invoice, {
        paid: applied.allocations.reduce((s, a) => s + a.amount, 0n),
        functional: applied.allocations.reduce((s, a) => s + a.functional, 0n),
      });
      await this.audit.record(manager, actor, 'applyCustomerCredit', invoiceId, { amount: (wanted < credit ? wanted : credit).toString() });
      return settled;
    });
  }

  async get(id: string): Promise<PaymentRow> {
    const [row] = await this.repository.findByIds([id]);
    if (!row) throw notFound('Payment', id);
    return row;
  }

  list(first: number, after: string | null | undefined, customerId: string | null): Promise<Page<PaymentRow>> {
    return this.repository.list(first, after, customerId);
  }

  allocationsOf(column: 'payment_id' | 'invoice_id', ids: readonly string[]): Promise<AllocationRow[]> {
    return this.repository.allocationsOf(column, ids);
  }

  credits(customerIds: readonly string[]): Promise<{ customerId: string; currency: string; unapplied: string }[]> {
    return this.repository.credits(customerIds);
  }

  private allocationAmount(money: MoneyValue, currency: string, index: number | null): bigint {
    const field = index === null ? 'amount' : `allocations.${index}.amount`;
    if (money.currency !== currency) {
      throw new DomainError(FinanceErrorCode.CurrencyMismatch, `${field} is in ${money.currency}; it must be in ${currency}`, { field });
    }
    const minor = toMinor(money, field);
    if (minor <= 0n) throw badUserInput(`${field} must be positive`, { [field]: ['positive'] });
    return minor;
  }

  /** Strict allocations: every invoice the customer's, open, in the payment's currency, and none beyond what is open. */
  private async strictPlan(
    manager: EntityManager,
    customerId: string,
    currency: string,
    amount: bigint,
    allocations: { invoiceId: string; amount: bigint }[],
  ): Promise<{ invoice: InvoiceRow; amount: bigint }[]> {
    const over = strictAllocationRefusal(amount, allocations);
    if (over) throw over;
    const locked = new Map(
      (
        await this.invoices.lockMany(
          manager,
          allocations.map((a) => a.invoiceId),
        )
      ).map((i) => [i.id, i]),
    );
    return allocations.map((a) => {
      const invoice = locked.get(a.invoiceId);
      if (!invoice || invoice.customerId !== customerId) throw notFound('Invoice', a.invoiceId);
      if (invoice.currency !== currency) {
        throw new DomainError(FinanceErrorCode.CurrencyMismatch, `Invoice ${invoice.number} is in ${invoice.currency}, the payment in ${currency}`, {
          invoiceId: invoice.id,
        });
      }
      const refusal = openRefusal(invoice, 'A payment') ?? allocationRefusal(invoice, a.amount, 'The allocation');
      if (refusal) throw refusal;
      return { invoice, amount: a.amount };
    });
  }

  /** Automatic matching: by reference, else oldest due first; re-planned on the locked rows. */
  private async matchedPlan(
    manager: EntityManager,
    customerId: string,
    currency: string,
    reference: string | null,
    amount: bigint,
  ): Promise<{ invoice: InvoiceRow; amount: bigint }[]> {
    const ids = await this.repository.matchCandidates(manager, customerId, currency, reference, amount);
    if (!ids.length) return [];
    const locked = new Map((await this.invoices.lockMany(manager, ids)).map((i) => [i.id, i]));
    const candidates = ids
      .map((id) => locked.get(id))
      .filter((i): i is InvoiceRow => !!i && !openRefusal(i, ''))
      .map((invoice) => ({ id: invoice.id, open: openMinor(invoice), invoice }));
    return planAllocations(amount, candidates).map((p) => ({ invoice: p.document.invoice, amount: p.amount }));
  }

  /** The allocation rows, and each invoice settled by its own (a payment's plan names each invoice once). */
  private async settle(manager: EntityManager, entryId: string, plan: { invoice: InvoiceRow }[], allocations: NewAllocation[]): Promise<void> {
    await this.repository.insertAllocations(manager, entryId, allocations);
    for (const [i, { invoice }] of plan.entries()) {
      await this.invoices.settleIn(manager, invoice, { paid: allocations[i].amount, functional: allocations[i].functional });
    }
  }
}

/** The key of the payment being recorded, before its row exists. */
const NEW = 'new';

const balanceOf = (p: PaymentRow): PaymentBalance => ({
  amount: BigInt(p.amountMinor),
  unapplied: BigInt(p.unappliedMinor),
  functionalAmount: BigInt(p.functionalAmountMinor),
  functionalUnapplied: BigInt(p.functionalUnappliedMinor),
});
