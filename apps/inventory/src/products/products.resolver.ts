import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { byKeys, IdArg, loaderFor, Money, notFound, Reference, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateProductInput, ProductsArgs, UpdateProductArgs } from './dto/product.input';
import { ProductReference } from './dto/product.reference';
import { Product, ProductConnection } from './product.model';
import { ProductsService } from './products.service';

@Resolver(() => Product)
export class ProductsResolver {
  constructor(private readonly service: ProductsService) {}

  @Allow('product:write')
  @Mutation(() => Product, { description: 'CONFLICT when the SKU is taken.' })
  createProduct(@Args('input') input: CreateProductInput, @Context() context: RequestContext): Promise<Product> {
    return this.service.create(input, context.identity);
  }

  @Allow('product:write')
  @Mutation(() => Product, { description: 'Changes a product; active: false archives it.' })
  updateProduct(@Args() { id, input }: UpdateProductArgs, @Context() context: RequestContext): Promise<Product> {
    return this.service.update(id, input, context.identity);
  }

  @Allow('product:read')
  @Query(() => Product, { description: 'One product; NOT_FOUND if there is none with this id.' })
  product(@IdArg('id', 'Product') id: string): Promise<Product> {
    return this.service.get(id);
  }

  @Allow('product:read')
  @Query(() => ProductConnection, { description: 'Products, oldest first.' })
  async products(@Args() { first, after, active }: ProductsArgs): Promise<ProductConnection> {
    return toConnection(await this.service.list(first, after, active), (p) => ({ at: p.createdAt, id: p.id }));
  }

  /** Every reference the gateway sends in one _entities call is loaded by one query. */
  @Allow('product:read')
  @ResolveReference()
  resolveReference(@Reference() reference: ProductReference, @Context() context: RequestContext): Promise<Product> {
    return loaderFor<string, Product>(context, 'productReference', async (ids) =>
      byKeys<string, Product, Product | Error>(
        ids,
        await this.service.findByIds(ids),
        (p) => p.id,
        (id) => notFound('Product', id),
        (p) => p,
      ),
    ).load(reference.id);
  }

  @Allow('stock.cost:read')
  @ResolveField(() => Money, { description: 'The planned unit cost; the moving average is on each stock level.' })
  standardCost(@Parent() product: Product): Money {
    return product.standardCost;
  }
}
