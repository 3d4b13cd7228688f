import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';

/** TypeORM entities of this area (registered with the crm data source). */
export const activitiesEntities: Function[] = [];

/** Providers of this module that consume other services' events. */
export const activitiesConsumers: EventConsumerType[] = [];

@Module({})
export class ActivitiesModule {}
