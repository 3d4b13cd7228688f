import { Module } from '@nestjs/common';
import { CustomerOrdersResolver } from '../customers/customer-orders.resolver';
import { ProductsModule } from '../products/products.module';
import { ReservationsModule } from '../reservations/reservations.module';
import { StockModule } from '../stock/stock.module';
import { WarehousesModule } from '../warehouses/warehouses.module';
import { DealEventsConsumer } from './deal-events.consumer';
import { OrderIntake } from './order-intake';
import { SalesOrdersRepository } from './sales-orders.repository';
import { SalesOrderLineResolver, SalesOrdersResolver } from './sales-orders.resolver';
import { SalesOrdersService } from './sales-orders.service';

@Module({
  imports: [ProductsModule, ReservationsModule, StockModule, WarehousesModule],
  providers: [SalesOrdersRepository, SalesOrdersService, OrderIntake, DealEventsConsumer, SalesOrdersResolver, SalesOrderLineResolver, CustomerOrdersResolver],
  exports: [SalesOrdersService, SalesOrdersRepository],
})
export class OrdersModule {}
