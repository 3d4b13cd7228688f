import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, IdArg, loaderFor, notFound, PageArgs, recordLoader, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Product } from '../products/product.model';
import { ProductsService } from '../products/products.service';
import { CreatePurchaseOrderInput, CreateSupplierInput, PurchaseOrdersArgs, ReceivePurchaseOrderArgs, ReorderRuleInput } from './dto/purchasing.args';
import { PurchaseOrder, PurchaseOrderConnection, PurchaseOrderLine, ReorderRule, Supplier, SupplierConnection } from './purchase-order.model';
import { PurchasingService } from './purchasing.service';

@Resolver(() => PurchaseOrder)
export class PurchasingResolver {
  constructor(private readonly service: PurchasingService) {}

  @Allow('purchase:write')
  @Mutation(() => Supplier)
  createSupplier(@Args('input') input: CreateSupplierInput): Promise<Supplier> {
    return this.service.createSupplier(input.name);
  }

  @Allow('purchase:read')
  @Query(() => SupplierConnection, { description: 'Suppliers, oldest first.' })
  async suppliers(@Args() { first, after }: PageArgs): Promise<SupplierConnection> {
    return toConnection(await this.service.suppliers(first, after), (s) => ({ at: s.createdAt, id: s.id }));
  }

  @Allow('purchase:write')
  @Mutation(() => ReorderRule, { description: "Sets (or replaces) the product's reorder rule in a warehouse." })
  setReorderRule(@Args('input') input: ReorderRuleInput, @Context() context: RequestContext): Promise<ReorderRule> {
    return this.service.setReorderRule(input, context.identity);
  }

  @Allow('purchase:write')
  @Mutation(() => PurchaseOrder, { description: 'A draft purchase order (emits inventory.purchase-order.raised).' })
  createPurchaseOrder(@Args('input') input: CreatePurchaseOrderInput, @Context() context: RequestContext): Promise<PurchaseOrder> {
    return this.service.create(input, context.identity);
  }

  @Allow('purchase:write')
  @Mutation(() => PurchaseOrder, { description: 'Places a draft with its supplier. ILLEGAL_PURCHASE_ORDER_TRANSITION otherwise.' })
  placePurchaseOrder(@IdArg('id', 'PurchaseOrder') id: string, @Context() context: RequestContext): Promise<PurchaseOrder> {
    return this.service.place(id, context.identity);
  }

  @Allow('purchase:write')
  @Mutation(() => PurchaseOrder, {
    description: 'Goods of a placed order arrive (all outstanding, or the lines named) at the purchase price; backorders take them.',
  })
  receivePurchaseOrder(@Args() { purchaseOrderId, lines }: ReceivePurchaseOrderArgs, @Context() context: RequestContext): Promise<PurchaseOrder> {
    return this.service.receive(purchaseOrderId, lines, context.identity);
  }

  @Allow('purchase:read')
  @Query(() => PurchaseOrder, { description: 'One purchase order; NOT_FOUND if there is none with this id.' })
  purchaseOrder(@IdArg('id', 'PurchaseOrder') id: string): Promise<PurchaseOrder> {
    return this.service.get(id);
  }

  @Allow('purchase:read')
  @Query(() => PurchaseOrderConnection, { description: 'Purchase orders, oldest first.' })
  async purchaseOrders(@Args() { first, after, status }: PurchaseOrdersArgs): Promise<PurchaseOrderConnection> {
    return toConnection(await this.service.list(first, after, status), (o) => ({ at: o.createdAt, id: o.id }));
  }

  @Allow('purchase:read')
  @ResolveField(() => [PurchaseOrderLine])
  lines(@Parent() order: PurchaseOrder, @Context() context: RequestContext): Promise<PurchaseOrderLine[]> {
    return loaderFor<string, PurchaseOrderLine[]>(context, 'purchaseLines', async (ids) =>
      groupByKey(ids, await this.service.linesOf(ids), (l) => l.purchaseOrderId),
    ).load(order.id);
  }
}

@Resolver(() => PurchaseOrderLine)
export class PurchaseOrderLineResolver {
  constructor(private readonly products: ProductsService) {}

  @Allow('purchase:read')
  @ResolveField(() => Product)
  async product(@Parent() line: PurchaseOrderLine, @Context() context: RequestContext): Promise<Product> {
    const product = await recordLoader(context, 'productById', (ids) => this.products.findByIds(ids)).load(line.productId);
    if (!product) throw notFound('Product', line.productId);
    return product;
  }
}
