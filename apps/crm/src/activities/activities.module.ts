import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { LeadsModule } from '../leads/leads.module';
import { ActivitiesResolver, CustomerTimelineResolver } from './activities.resolver';
import { ActivitiesService } from './activities.service';
import { LinkedRecords } from './linked-records';
import { TimelineConsumer } from './timeline.consumer';

@Module({
  imports: [CustomersModule, ContactsModule, DealsModule, LeadsModule],
  providers: [ActivitiesResolver, CustomerTimelineResolver, ActivitiesService, LinkedRecords, TimelineConsumer],
  exports: [ActivitiesService, LinkedRecords],
})
export class ActivitiesModule {}
