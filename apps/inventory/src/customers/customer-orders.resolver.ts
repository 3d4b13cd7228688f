import { Args, Context, Int, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, MAX_PAGE_SIZE, PAGE_SIZE, Reference, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { SalesOrder } from '../orders/sales-order.model';
import { SalesOrdersService } from '../orders/sales-orders.service';
import { Customer } from './customer.model';
import { CustomerReference } from './dto/customer.reference';

@Resolver(() => Customer)
export class CustomerOrdersResolver {
  constructor(private readonly service: SalesOrdersService) {}

  @Allow('customer.orders:read')
  @ResolveField(() => [SalesOrder], { description: `The customer's newest orders, newest first (1 to ${MAX_PAGE_SIZE}).` })
  orders(
    @Reference() customer: CustomerReference,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 20 }, PAGE_SIZE) first: number,
  ): Promise<SalesOrder[]> {
    // One loader per page size, so every customer in the batch shares one query.
    return loaderFor<string, SalesOrder[]>(context, `ordersByCustomer:${first}`, async (ids) => {
      const orders = await this.service.latestByCustomer(ids, first);
      return ids.map((id) => orders.get(id) ?? []);
    }).load(customer.id);
  }
}
