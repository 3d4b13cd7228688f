import { Inject } from '@nestjs/common';
import { Args, Context, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, Money, moneyFromMinor, Reference, type RequestContext, toConnection } from '@platform/graphql';
import { Allow, SERVICE_CONFIG } from '@platform/service';
import type { FinanceConfig } from '../finance.config';
import { CustomerInvoicesArgs } from '../invoices/dto/invoice.inputs';
import { toInvoice } from '../invoices/invoice.mapper';
import { InvoiceConnection } from '../invoices/invoice.model';
import { InvoicesService } from '../invoices/invoices.service';
import { today } from '../shared/dates';
import { Customer } from './customer.model';
import { CustomerReference } from './dto/customer.reference';

type Figures = { open: string; overdue: string; lifetime: string };

@Resolver(() => Customer)
export class CustomerAccountResolver {
  constructor(
    private readonly service: InvoicesService,
    @Inject(SERVICE_CONFIG) private readonly config: FinanceConfig,
  ) {}

  @Allow('customer.openBalance:read')
  @ResolveField(() => Money)
  openBalance(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Money> {
    const currency = this.config.FINANCE_CURRENCY;
    return loaderFor<string, Money>(context, 'openBalance', async (ids) => {
      const balances = await this.service.openBalances(ids);
      return ids.map((id) => moneyFromMinor(balances.get(id) ?? 0n, currency));
    }).load(customer.id);
  }

  @Allow('customer.invoices:read')
  @ResolveField(() => Money, { description: 'Invoiced over the customer’s lifetime, less credit notes, in the functional currency.' })
  async lifetimeRevenue(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Money> {
    return moneyFromMinor((await this.figures(context, customer.id))?.lifetime ?? 0n, this.config.FINANCE_CURRENCY);
  }

  @Allow('customer.invoices:read')
  @ResolveField(() => Money, { description: 'Open on invoices past their due date, in the functional currency.' })
  async overdueAmount(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Money> {
    return moneyFromMinor((await this.figures(context, customer.id))?.overdue ?? 0n, this.config.FINANCE_CURRENCY);
  }

  @Allow('customer.invoices:read')
  @ResolveField(() => InvoiceConnection, { description: 'The customer’s invoices, oldest first, optionally of one status.' })
  invoices(
    @Reference() customer: CustomerReference,
    @Context() context: RequestContext,
    @Args() { first, after, status }: CustomerInvoicesArgs,
  ): Promise<InvoiceConnection> {
    return loaderFor<string, InvoiceConnection>(context, `customerInvoices:${first}:${after ?? ''}:${status ?? ''}`, async (ids) =>
      (await this.service.pagesByCustomer(ids, first, after, status ?? null)).map((page) =>
        toConnection({ ...page, nodes: page.nodes.map(toInvoice) }, (i) => ({ at: i.createdAt, id: i.id })),
      ),
    ).load(customer.id);
  }

  private figures(context: RequestContext, customerId: string): Promise<Figures | null> {
    return loaderFor<string, Figures | null>(context, 'customerFigures', async (ids) => {
      const figures = await this.service.accountFigures(ids, today());
      return ids.map((id) => figures.get(id) ?? null);
    }).load(customerId);
  }
}
