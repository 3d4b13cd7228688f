import { Module } from '@nestjs/common';
import { CustomerOrdersResolver } from './customers/customer-orders.resolver';
import { SalesOrdersService } from './orders/sales-orders.service';

@Module({ providers: [SalesOrdersService, CustomerOrdersResolver] })
export class InventoryModule {}
