import { Module } from '@nestjs/common';
import { ProductsModule } from '../products/products.module';
import { StockModule } from '../stock/stock.module';
import { WarehousesModule } from '../warehouses/warehouses.module';
import { ReservationExpiry } from './reservation-expiry';
import { ReservationsRepository } from './reservations.repository';
import { ReservationsResolver } from './reservations.resolver';
import { ReservationsService } from './reservations.service';

/** Exports ReservationsService (the order lines' reservations, in the caller's transaction). */
@Module({
  imports: [ProductsModule, StockModule, WarehousesModule],
  providers: [ReservationsRepository, ReservationsService, ReservationsResolver, ReservationExpiry],
  exports: [ReservationsService, ReservationsRepository],
})
export class ReservationsModule {}
