import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { ActivitiesModule } from '../activities/activities.module';
import { CustomerTicketsResolver, TicketsResolver } from './tickets.resolver';
import { TicketsService } from './tickets.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source): none, tickets are written and read in SQL. */
export const ticketsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const ticketsConsumers: EventConsumerType[] = [];

@Module({ imports: [ActivitiesModule], providers: [TicketsResolver, CustomerTicketsResolver, TicketsService] })
export class TicketsModule {}
