import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';

/** TypeORM entities of this area (registered with the crm data source). */
export const reportsEntities: Function[] = [];

/** Providers of this module that consume other services' events. */
export const reportsConsumers: EventConsumerType[] = [];

@Module({})
export class ReportsModule {}
