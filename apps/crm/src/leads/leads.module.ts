import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source). */
export const leadsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const leadsConsumers: EventConsumerType[] = [];

@Module({})
export class LeadsModule {}
