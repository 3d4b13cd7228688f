import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { WarehousesModule } from '../warehouses/warehouses.module';
import { ProductStockResolver, StockResolver } from './stock.resolver';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';

/** Exports StockService: the ...In operations other areas call inside their transaction, and the freed/reserved listeners. */
@Module({
  imports: [ProductsModule, WarehousesModule],
  providers: [StockRepository, StockService, StockResolver, ProductStockResolver],
  exports: [StockService, StockRepository],
})
export class StockModule {}
