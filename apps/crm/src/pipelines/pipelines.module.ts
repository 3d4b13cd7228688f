import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { PipelinesResolver } from './pipelines.resolver';
import { PipelinesService } from './pipelines.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); pipelines are read and written with SQL. */
export const pipelinesEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const pipelinesConsumers: EventConsumerType[] = [];

@Module({ providers: [PipelinesResolver, PipelinesService], exports: [PipelinesService] })
export class PipelinesModule {}
