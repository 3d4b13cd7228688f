import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); reports aggregate in SQL. */
export const reportsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const reportsConsumers: EventConsumerType[] = [];

@Module({ providers: [ReportsResolver, ReportsService] })
export class ReportsModule {}
