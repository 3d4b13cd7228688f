import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, IdArg, loaderFor, recordLoader, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Product } from '../products/product.model';
import { ProductsService } from '../products/products.service';
import { CancelSalesOrderArgs, SalesOrdersArgs, ShipSalesOrderArgs } from './dto/order.args';
import { SalesOrder, SalesOrderConnection, SalesOrderLine, SalesOrderStatus } from './sales-order.model';
import { SalesOrdersService } from './sales-orders.service';

@Resolver(() => SalesOrder)
export class SalesOrdersResolver {
  constructor(private readonly service: SalesOrdersService) {}

  @Allow('order:read')
  @Query(() => SalesOrder, { description: 'One sales order; NOT_FOUND if there is none with this id.' })
  salesOrder(@IdArg('id', 'SalesOrder') id: string): Promise<SalesOrder> {
    return this.service.get(id);
  }

  @Allow('order:read')
  @Query(() => SalesOrderConnection, { description: 'Sales orders, oldest first.' })
  async salesOrders(@Args() { first, after, status, customerId }: SalesOrdersArgs): Promise<SalesOrderConnection> {
    return toConnection(await this.service.list(first, after, { status, customerId }), (o) => ({ at: o.createdAt, id: o.id }));
  }

  @Allow('order:fulfil')
  @Mutation(() => SalesOrder, {
    description: 'Ships what the order holds (all, or the lines named). ILLEGAL_ORDER_TRANSITION for a final order or more than a line holds.',
  })
  shipSalesOrder(@Args() { orderId, lines }: ShipSalesOrderArgs, @Context() context: RequestContext): Promise<SalesOrder> {
    return this.service.ship(orderId, lines, context.identity);
  }

  @Allow('order:cancel')
  @Mutation(() => SalesOrder, { description: 'Cancels an order that is not shipped in full and releases what it holds.' })
  cancelSalesOrder(@Args() { orderId, reason }: CancelSalesOrderArgs, @Context() context: RequestContext): Promise<SalesOrder> {
    return this.service.cancel(orderId, reason, context.identity);
  }

  @Allow('order:read')
  @ResolveField(() => [SalesOrderLine])
  async lines(@Parent() order: SalesOrder, @Context() context: RequestContext): Promise<SalesOrderLine[]> {
    const lines = await loaderFor<string, SalesOrderLine[]>(context, 'orderLines', async (ids) =>
      groupByKey(ids, await this.service.linesOf(ids), (l) => l.orderId),
    ).load(order.id);
    // A cancelled order waits for nothing.
    return order.status === SalesOrderStatus.CANCELLED ? lines.map((l) => ({ ...l, backordered: 0 })) : lines;
  }
}

@Resolver(() => SalesOrderLine)
export class SalesOrderLineResolver {
  constructor(private readonly products: ProductsService) {}

  @Allow('order:read')
  @ResolveField(() => Product, { nullable: true, description: 'Null while inventory does not know the product crm sold (the line waits as a backorder).' })
  product(@Parent() line: SalesOrderLine, @Context() context: RequestContext): Promise<Product | null> {
    return recordLoader(context, 'productById', (ids) => this.products.findByIds(ids)).load(line.productId);
  }
}
