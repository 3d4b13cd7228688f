import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { LeadsModule } from '../leads/leads.module';
import { TasksModule } from '../tasks/tasks.module';
import { ContentLeadsConsumer } from './content-leads/content-leads.consumer';
import { NurtureMailer } from './mail/nurture-mailer';
import { NurtureScheduler } from './scheduler/nurture-scheduler';
import { NurtureEnrolmentsResolver, NurtureSequencesResolver } from './sequences/nurture-sequences.resolver';
import { NurtureSequencesService } from './sequences/nurture-sequences.service';
import { EmailTemplatesResolver } from './templates/email-templates.resolver';
import { EmailTemplatesService } from './templates/email-templates.service';

@Module({
  imports: [LeadsModule, ContactsModule, CustomersModule, ActivitiesModule, TasksModule],
  providers: [
    EmailTemplatesService,
    EmailTemplatesResolver,
    NurtureSequencesService,
    NurtureSequencesResolver,
    NurtureEnrolmentsResolver,
    NurtureScheduler,
    NurtureMailer,
    ContentLeadsConsumer,
  ],
  exports: [NurtureSequencesService],
})
export class NurtureModule {}
