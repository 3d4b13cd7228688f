import { Inject } from '@nestjs/common';
import { Context, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, Money, moneyFromMinor, Reference, type RequestContext } from '@platform/graphql';
import { Allow, SERVICE_CONFIG } from '@platform/service';
import type { FinanceConfig } from '../finance.config';
import { InvoicesService } from '../invoices/invoices.service';
import { Customer } from './customer.model';
import { CustomerReference } from './dto/customer.reference';

@Resolver(() => Customer)
export class CustomerAccountResolver {
  constructor(
    private readonly invoices: InvoicesService,
    @Inject(SERVICE_CONFIG) private readonly config: FinanceConfig,
  ) {}

  @Allow('customer.openBalance:read')
  @ResolveField(() => Money)
  openBalance(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Money> {
    const currency = this.config.FINANCE_CURRENCY;
    return loaderFor<string, Money>(context, 'openBalance', async (ids) => {
      const balances = await this.invoices.openBalances(ids);
      return ids.map((id) => moneyFromMinor(balances.get(id) ?? 0n, currency));
    }).load(customer.id);
  }
}
