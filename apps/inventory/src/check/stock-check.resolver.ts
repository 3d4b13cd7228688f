import { Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@platform/service';
import { StockCheck } from '../stock/stock.model';
import { StockCheckService } from './stock-check.service';

@Resolver(() => StockCheck)
export class StockCheckResolver {
  constructor(private readonly service: StockCheckService) {}

  @Allow('stock:audit')
  @Query(() => StockCheck, {
    description: 'Checks every stock row against the ledger, open reservations and order lines (the same check as `nx run inventory:check`).',
  })
  stockCheck(): Promise<StockCheck> {
    return this.service.run();
  }
}
