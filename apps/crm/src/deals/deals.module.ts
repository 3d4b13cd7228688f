import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { CustomersModule } from '../customers/customers.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { CustomerDealsResolver, DealsResolver } from './deals.resolver';
import { DealsService } from './deals.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); deals are read and written with SQL. */
export const dealsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const dealsConsumers: EventConsumerType[] = [];

@Module({ imports: [CustomersModule, PipelinesModule], providers: [DealsResolver, CustomerDealsResolver, DealsService], exports: [DealsService] })
export class DealsModule {}
