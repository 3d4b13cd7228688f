import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { TasksModule } from '../tasks/tasks.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';

/**
 * Exports LeadsService: captureIn(manager, lead, causation) records web-form and content-download leads in the caller's transaction;
 * findIn, holdIn and reassignConvertedContactIn serve nurture and the contact merge.
 */
@Module({ imports: [CustomersModule, ContactsModule, DealsModule, ActivitiesModule, TasksModule], providers: [LeadsService, LeadsResolver], exports: [LeadsService] })
export class LeadsModule {}
