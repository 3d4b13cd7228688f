import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { TasksModule } from '../tasks/tasks.module';
import { LeadConversionResolver } from './lead-conversion.resolver';
import { LeadConversionService } from './lead-conversion.service';
import { LeadsModule } from './leads.module';

/** Lead conversion: a module of its own, since activities and tasks (which it calls) check links against leads. */
@Module({
  imports: [LeadsModule, CustomersModule, ContactsModule, DealsModule, ActivitiesModule, TasksModule],
  providers: [LeadConversionService, LeadConversionResolver],
})
export class LeadConversionModule {}
