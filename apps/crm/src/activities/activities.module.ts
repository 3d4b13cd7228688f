import { Module } from '@nestjs/common';
import { ActivitiesResolver, CustomerTimelineResolver } from './activities.resolver';
import { ActivitiesService } from './activities.service';
import { TimelineConsumer } from './timeline.consumer';

@Module({
  providers: [ActivitiesResolver, CustomerTimelineResolver, ActivitiesService, TimelineConsumer],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
