import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, loaderFor, moneyFromMinor, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { toInvoice } from '../invoices/invoice.mapper';
import { Invoice } from '../invoices/invoice.model';
import { ApplyCreditArgs, PaymentArgs, PaymentsArgs, RecordPaymentInput } from './dto/payment.inputs';
import { Payment, PaymentAllocation, PaymentConnection } from './payment.model';
import type { AllocationRow, PaymentRow } from './payments.repository';
import { PaymentsService } from './payments.service';

const toPayment = (row: PaymentRow): Payment => ({
  ...row,
  amount: moneyFromMinor(row.amountMinor, row.currency),
  unapplied: moneyFromMinor(row.unappliedMinor, row.currency),
  exchangeRate: row.rate.replace(/\.?0+$/, ''),
});

/** An allocation is in its payment's (and so its invoice's) currency. */
const toAllocation = (row: AllocationRow, currency: string): PaymentAllocation => ({ ...row, amount: moneyFromMinor(row.amountMinor, currency) });

@Resolver(() => Payment)
export class PaymentsResolver {
  constructor(private readonly service: PaymentsService) {}

  @Allow('payment:read')
  @Query(() => Payment)
  async payment(@Args() { paymentId }: PaymentArgs): Promise<Payment> {
    return toPayment(await this.service.get(paymentId));
  }

  @Allow('payment:read')
  @Query(() => PaymentConnection, { description: 'Payments in the order they were recorded; optionally one customer’s.' })
  async payments(@Args() { first, after, customerId }: PaymentsArgs): Promise<PaymentConnection> {
    const page = await this.service.list(first, after, customerId ?? null);
    return toConnection({ ...page, nodes: page.nodes.map(toPayment) }, (p) => ({ at: p.createdAt, id: p.id }));
  }

  @Allow('payment:write')
  @Mutation(() => Payment, { description: 'Records a payment: allocated as given or matched automatically; the rest becomes customer credit.' })
  async recordPayment(@Args('input') input: RecordPaymentInput, @Context() context: RequestContext): Promise<Payment> {
    return toPayment(await this.service.record(input, context.identity));
  }

  @Allow('payment:write')
  @Mutation(() => Invoice, { description: 'Settles an open invoice from the customer’s credit in its currency, oldest credit first.' })
  async applyCustomerCredit(@Args() { invoiceId, amount, date }: ApplyCreditArgs, @Context() context: RequestContext): Promise<Invoice> {
    return toInvoice(await this.service.applyCredit(invoiceId, amount ?? null, date ?? null, context.identity));
  }

  @Allow('payment:read')
  @ResolveField(() => [PaymentAllocation])
  async allocations(@Parent() payment: Payment, @Context() context: RequestContext): Promise<PaymentAllocation[]> {
    const rows = await loaderFor<string, AllocationRow[]>(context, 'paymentAllocations', async (ids) =>
      groupByKey(ids, await this.service.allocationsOf('payment_id', ids), (a) => a.paymentId),
    ).load(payment.id);
    return rows.map((a) => toAllocation(a, payment.amount.currency));
  }
}

@Resolver(() => Invoice)
export class InvoiceAllocationsResolver {
  constructor(private readonly service: PaymentsService) {}

  @Allow('invoice:read')
  @ResolveField(() => [PaymentAllocation], { description: 'The payments (and applied credit) that settled it.' })
  async allocations(@Parent() invoice: Invoice, @Context() context: RequestContext): Promise<PaymentAllocation[]> {
    const rows = await loaderFor<string, AllocationRow[]>(context, 'invoiceAllocations', async (ids) =>
      groupByKey(ids, await this.service.allocationsOf('invoice_id', ids), (a) => a.invoiceId),
    ).load(invoice.id);
    return rows.map((a) => toAllocation(a, invoice.currency));
  }
}
