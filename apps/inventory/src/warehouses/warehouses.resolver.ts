import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PageArgs, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateWarehouseInput } from './dto/create-warehouse.input';
import { Warehouse, WarehouseConnection } from './warehouse.model';
import { WarehousesService } from './warehouses.service';

@Resolver(() => Warehouse)
export class WarehousesResolver {
  constructor(private readonly service: WarehousesService) {}

  @Allow('stock:write')
  @Mutation(() => Warehouse, { description: 'CONFLICT when the code is taken.' })
  createWarehouse(@Args('input') input: CreateWarehouseInput, @Context() context: RequestContext): Promise<Warehouse> {
    return this.service.create(input.code, input.name, context.identity);
  }

  @Allow('stock:read')
  @Query(() => WarehouseConnection, { description: 'Warehouses, oldest first.' })
  async warehouses(@Args() { first, after }: PageArgs): Promise<WarehouseConnection> {
    return toConnection(await this.service.list(first, after), (w) => ({ at: w.createdAt, id: w.id }));
  }
}
