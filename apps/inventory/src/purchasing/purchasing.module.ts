import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { StockModule } from '../stock/stock.module';
import { WarehousesModule } from '../warehouses/warehouses.module';
import { PurchasingRepository } from './purchasing.repository';
import { PurchaseOrderLineResolver, PurchasingResolver } from './purchasing.resolver';
import { PurchasingService } from './purchasing.service';

@Module({
  imports: [ProductsModule, StockModule, WarehousesModule],
  providers: [PurchasingRepository, PurchasingService, PurchasingResolver, PurchaseOrderLineResolver],
})
export class PurchasingModule {}
