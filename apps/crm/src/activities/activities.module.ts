import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { ActivitiesResolver, CustomerTimelineResolver } from './activities.resolver';
import { ActivitiesService } from './activities.service';
import { TimelineConsumer } from './timeline.consumer';

@Module({
  imports: [CustomersModule, DealsModule],
  providers: [ActivitiesResolver, CustomerTimelineResolver, ActivitiesService, TimelineConsumer],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
