import { Module } from '@nestjs/common';
import { WarehousesRepository } from './warehouses.repository';
import { WarehousesResolver } from './warehouses.resolver';
import { WarehousesService } from './warehouses.service';

/** Exports WarehousesService (resolveIn: the named or default warehouse, in the caller's transaction). */
@Module({ providers: [WarehousesRepository, WarehousesService, WarehousesResolver], exports: [WarehousesService] })
export class WarehousesModule {}
