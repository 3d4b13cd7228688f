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
import { type LineDraft, signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { RatesService } from '../rates/rates.service';
import { functionalShare, type MoneyValue, toMinor } from '../shared/amounts';
import { today } from '../shared/dates';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { financeTransaction } from '../shared/transaction';
import { emitReceived } from './payment-events';
import { mergeAllocations, type PaymentBalance, planAllocations, strictAllocationRefusal, takeFromPayment } from './payment-rules';
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
      const opening: PaymentBalance = { amount, unapplied: amount, functionalAmount, functionalUnapplied: functionalAmount };
      const applied = this.apply(opening, plan);
      const accounts = await this.accounts.systemIds();
      const entryId = await this.journal.postIn(manager, {
        date: receivedOn,
        memo: `Payment from customer ${input.customerId}${input.reference ? ` (${input.reference})` : ''}`,
        source: EntrySource.PAYMENT,
        createdBy: actor?.sub ?? null,
        lines: [
          signedLine(accounts.bank, functionalAmount),
          ...applied.lines(accounts, input.customerId),
          signedLine(accounts.customer_credit, -applied.rest.functionalUnapplied, { customerId: input.customerId }),
        ],
      });
      const payment = await this.repository.insert(manager, {
        customerId: input.customerId,
        reference: input.reference ?? null,
        currency,
        amountMinor: amount.toString(),
        unapplied: applied.rest.unapplied,
        receivedOn,
        rate,
        functionalAmountMinor: functionalAmount.toString(),
        functionalUnapplied: applied.rest.functionalUnapplied,
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
      if (credit < (amount ? wanted : 1n)) {
        throw new DomainError(FinanceErrorCode.OverAllocation, `Customer ${invoice.customerId} has ${credit} ${invoice.currency} of credit (minor units)`, {
          available: credit.toString(),
          requested: wanted.toString(),
        });
      }
      let left = wanted < credit ? wanted : credit;
      let invoiceState = invoice;
      const allocations: NewAllocation[] = [];
      const lines: LineDraft[] = [];
      const accounts = await this.accounts.systemIds();
      const rests: { id: string; unapplied: bigint; functionalUnapplied: bigint }[] = [];
      for (const p of payments) {
        if (left === 0n) break;
        const take = BigInt(p.unappliedMinor) < left ? BigInt(p.unappliedMinor) : left;
        const fromPayment = takeFromPayment(balanceOf(p), take);
        const relief = this.relief(invoiceState, take);
        lines.push(signedLine(accounts.customer_credit, fromPayment.functional, { customerId: invoice.customerId }));
        lines.push(...this.reliefLines(accounts, invoice.customerId, relief, fromPayment.functional));
        allocations.push({ paymentId: p.id, invoiceId, amount: take, functional: relief });
        rests.push({ id: p.id, unapplied: fromPayment.rest.unapplied, functionalUnapplied: fromPayment.rest.functionalUnapplied });
        invoiceState = {
          ...invoiceState,
          paidMinor: (BigInt(invoiceState.paidMinor) + take).toString(),
          functionalSettledMinor: (BigInt(invoiceState.functionalSettledMinor) + relief).toString(),
        };
        left -= take;
      }
      const entryId = await this.journal.postIn(manager, {
        date: date ?? today(),
        memo: `Customer credit applied to invoice ${invoice.number}`,
        source: EntrySource.CREDIT_APPLICATION,
        sourceId: invoiceId,
        createdBy: actor?.sub ?? null,
        lines,
      });
      await this.repository.setUnapplied(manager, rests);
      await this.repository.insertAllocations(manager, entryId, allocations);
      const settled = await this.invoices.settleIn(manager, invoice, {
        paid: allocations.reduce((s, a) => s + a.amount, 0n),
        functional: allocations.reduce((s, a) => s + a.functional, 0n),
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

  /** The payment spent over the plan: allocations and their ledger lines, and what is left. */
  private apply(opening: PaymentBalance, plan: { invoice: InvoiceRow; amount: bigint }[]) {
    let rest = opening;
    const allocations: Omit<NewAllocation, 'paymentId'>[] = [];
    const parts: { relief: bigint; paid: bigint }[] = [];
    for (const { invoice, amount } of plan) {
      const taken = takeFromPayment(rest, amount);
      const relief = this.relief(invoice, amount);
      allocations.push({ invoiceId: invoice.id, amount, functional: relief });
      parts.push({ relief, paid: taken.functional });
      rest = taken.rest;
    }
    return {
      allocations,
      rest,
      lines: (accounts: Awaited<ReturnType<AccountsService['systemIds']>>, customerId: string) =>
        parts.flatMap((p) => this.reliefLines(accounts, customerId, p.relief, p.paid)),
    };
  }

  /** The receivable an allocation of `amount` relieves, at the invoice's booked rate. */
  private relief(invoice: InvoiceRow, amount: bigint): bigint {
    return functionalShare(
      amount,
      openMinor(invoice),
      BigInt(invoice.functionalTotalMinor ?? invoice.totalMinor),
      BigInt(invoice.functionalSettledMinor),
      BigInt(invoice.totalMinor),
    );
  }

  /** Receivable relieved by `relief`; what the payment brought beyond it (or short of it) is an exchange gain (or loss). */
  private reliefLines(accounts: Awaited<ReturnType<AccountsService['systemIds']>>, customerId: string, relief: bigint, paid: bigint): LineDraft[] {
    return [signedLine(accounts.receivable, -relief, { customerId }), signedLine(accounts.fx, relief - paid)];
  }

  private async settle(manager: EntityManager, entryId: string, plan: { invoice: InvoiceRow }[], allocations: NewAllocation[]): Promise<void> {
    await this.repository.insertAllocations(manager, entryId, allocations);
    for (const [i, { invoice }] of plan.entries()) {
      await this.invoices.settleIn(manager, invoice, { paid: allocations[i].amount, functional: allocations[i].functional });
    }
  }
}

const balanceOf = (p: PaymentRow): PaymentBalance => ({
  amount: BigInt(p.amountMinor),
  unapplied: BigInt(p.unappliedMinor),
  functionalAmount: BigInt(p.functionalAmountMinor),
  functionalUnapplied: BigInt(p.functionalUnappliedMinor),
});
