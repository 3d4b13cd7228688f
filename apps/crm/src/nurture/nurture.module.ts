import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { LeadsModule } from '../leads/leads.module';
import { ContentLeadsConsumer } from './content-leads/content-leads.consumer';
import { NurtureMailer } from './mail/nurture-mailer';
import { NurtureScheduler } from './scheduler/nurture-scheduler';
import { NurtureEnrolmentsResolver, NurtureSequencesResolver } from './sequences/nurture-sequences.resolver';
import { NurtureSequencesService } from './sequences/nurture-sequences.service';
import { EmailTemplatesResolver } from './templates/email-templates.resolver';
import { EmailTemplatesService } from './templates/email-templates.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source): none, the area works in SQL. */
export const nurtureEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const nurtureConsumers: EventConsumerType[] = [ContentLeadsConsumer];

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
