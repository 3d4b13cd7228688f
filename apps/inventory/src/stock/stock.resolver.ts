import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, loaderFor, Money, moneyFromMinor, notFound, recordLoader, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Product } from '../products/product.model';
import { ProductsService } from '../products/products.service';
import { Warehouse } from '../warehouses/warehouse.model';
import { WarehousesService } from '../warehouses/warehouses.service';
import { AdjustStockInput, ReceiveStockInput, StockMovementsArgs, TransferStockInput } from './dto/stock.input';
import { StockLevel, StockMovementConnection } from './stock.model';
import type { StockLevelRow } from './stock.repository';
import { StockService } from './stock.service';

export const toStockLevel = (row: StockLevelRow): StockLevel => ({ ...row, available: row.onHand - row.reserved });

@Resolver(() => StockLevel)
export class StockResolver {
  constructor(
    private readonly service: StockService,
    private readonly products: ProductsService,
    private readonly warehouses: WarehousesService,
  ) {}

  @Allow('stock:write')
  @Mutation(() => StockLevel, {
    description: 'Units arrive without a purchase order, at a unit cost (moving-average valuation); backorders take them oldest order first.',
  })
  async receiveStock(@Args('input') input: ReceiveStockInput, @Context() context: RequestContext): Promise<StockLevel> {
    return toStockLevel(await this.service.receive(input, context.identity));
  }

  @Allow('stock:write')
  @Mutation(() => StockLevel, {
    description: 'Corrects on hand (emits inventory.stock.adjusted). INSUFFICIENT_STOCK when taking away more than is unreserved.',
  })
  async adjustStock(@Args('input') input: AdjustStockInput, @Context() context: RequestContext): Promise<StockLevel> {
    return toStockLevel(await this.service.adjust(input, context.identity));
  }

  @Allow('stock:write')
  @Mutation(() => [StockLevel], { description: 'Moves unreserved units between warehouses; answers the source and destination levels.' })
  async transferStock(@Args('input') input: TransferStockInput, @Context() context: RequestContext): Promise<StockLevel[]> {
    return (await this.service.transfer(input, context.identity)).map(toStockLevel);
  }

  @Allow('stock:read')
  @Query(() => StockMovementConnection, { description: 'The stock ledger, newest first.' })
  async stockMovements(@Args() { first, after, productId }: StockMovementsArgs): Promise<StockMovementConnection> {
    return toConnection(await this.service.movements(first, after, productId), (m) => ({ at: m.createdAt, id: m.id }));
  }

  @Allow('stock:read')
  @ResolveField(() => Warehouse)
  async warehouse(@Parent() level: StockLevel, @Context() context: RequestContext): Promise<Warehouse> {
    const warehouse = await recordLoader(context, 'warehouseById', (ids) => this.warehouses.findByIds(ids)).load(level.warehouseId);
    if (!warehouse) throw notFound('Warehouse', level.warehouseId);
    return warehouse;
  }

  @Allow('stock.cost:read')
  @ResolveField(() => Money, { description: 'Moving-average unit cost, in the product’s currency.' })
  async averageCost(@Parent() level: StockLevel, @Context() context: RequestContext): Promise<Money> {
    const product = await recordLoader(context, 'productById', (ids) => this.products.findByIds(ids)).load(level.productId);
    if (!product) throw notFound('Product', level.productId);
    return moneyFromMinor(level.averageCostMinor, product.currency);
  }
}

/** Stock fields of Product: one statement per batch of products, whichever subgraph brought them in. */
@Resolver(() => Product)
export class ProductStockResolver {
  constructor(private readonly service: StockService) {}

  private levels(context: RequestContext, productId: string): Promise<StockLevel[]> {
    return loaderFor<string, StockLevel[]>(context, 'productStock', async (ids) =>
      groupByKey(ids, (await this.service.levelsOf(ids)).map(toStockLevel), (l) => l.productId),
    ).load(productId);
  }

  @Allow('stock:read')
  @ResolveField(() => Int, { description: 'On hand minus reserved, over all warehouses.' })
  async available(@Parent() product: Product, @Context() context: RequestContext): Promise<number> {
    return (await this.levels(context, product.id)).reduce((sum, l) => sum + l.available, 0);
  }

  @Allow('stock:read')
  @ResolveField(() => [StockLevel], { description: 'Per warehouse that has ever held it.' })
  stock(@Parent() product: Product, @Context() context: RequestContext): Promise<StockLevel[]> {
    return this.levels(context, product.id);
  }
}
