import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { ContentLeadsConsumer } from './content-leads/content-leads.consumer';
import { NurtureMailer } from './mail/nurture-mailer';
import { NurtureScheduler } from './scheduler/nurture-scheduler';
import { NurtureEnrolmentsResolver, NurtureSequencesResolver } from './sequences/nurture-sequences.resolver';
import { NurtureSequencesService } from './sequences/nurture-sequences.service';
import { EmailTemplatesResolver } from './templates/email-templates.resolver';
import { EmailTemplatesService } from './templates/email-templates.service';

@Module({
  imports: [LeadsModule],
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
})
export class NurtureModule {}
