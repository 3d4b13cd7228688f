import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { ReservationsModule } from '../reservations/reservations.module';
import { StockModule } from '../stock/stock.module';
import { StockCheckResolver } from './stock-check.resolver';
import { StockCheckService } from './stock-check.service';

@Module({ imports: [StockModule, ReservationsModule, OrdersModule], providers: [StockCheckService, StockCheckResolver], exports: [StockCheckService] })
export class CheckModule {}
