import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { DealsModule } from '../deals/deals.module';
import { LeadsModule } from '../leads/leads.module';
import { NurtureModule } from '../nurture/nurture.module';
import { TasksModule } from '../tasks/tasks.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ContactMergeService } from './contact-merge';
import { ContactMergeResolver } from './contact-merge.resolver';

/**
 * The contact merge, a module of its own: it calls the operations of every
 * area that refers to contacts, and some of those (leads, nurture) use
 * ContactsModule themselves, so it cannot live there without a cycle.
 */
@Module({
  imports: [ActivitiesModule, TasksModule, TicketsModule, DealsModule, LeadsModule, NurtureModule],
  providers: [ContactMergeService, ContactMergeResolver],
})
export class ContactMergeModule {}
