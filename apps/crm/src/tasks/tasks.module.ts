import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { TasksResolver } from './tasks.resolver';
import { TasksService } from './tasks.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source): none, tasks are written and read in SQL. */
export const tasksEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const tasksConsumers: EventConsumerType[] = [];

@Module({ providers: [TasksResolver, TasksService], exports: [TasksService] })
export class TasksModule {}
