import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { ActivitiesResolver, CustomerTimelineResolver } from './activities.resolver';
import { ActivitiesService } from './activities.service';
import { TimelineConsumer } from './timeline.consumer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source): none, the timeline is written and read in SQL. */
export const activitiesEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const activitiesConsumers: EventConsumerType[] = [TimelineConsumer];

@Module({
  providers: [ActivitiesResolver, CustomerTimelineResolver, ActivitiesService, TimelineConsumer],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
