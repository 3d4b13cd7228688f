import { z } from 'zod';
import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { ActivitiesModule } from './activities/activities.module';
import { TimelineConsumer } from './activities/timeline.consumer';
import { ContactMergeModule } from './contacts/contact-merge.module';
import { ContactsModule } from './contacts/contacts.module';
import { CustomerEntity } from './customers/customer.entity';
import { CustomersModule } from './customers/customers.module';
import { DealsModule } from './deals/deals.module';
import { LeadConversionModule } from './leads/lead-conversion.module';
import { LeadsModule } from './leads/leads.module';
import { CreateCustomers1763900000000 } from './migrations/1763900000000-create-customers';
import { CrmDomain1763900003000 } from './migrations/1763900003000-crm-domain';
import { CrmAccountsIndexes1763900004000 } from './migrations/1763900004000-crm-accounts-indexes';
import { DealQueryIndexes1763900005000 } from './migrations/1763900005000-deal-query-indexes';
import { WorkQueueIndexes1763900006000 } from './migrations/1763900006000-work-queue-indexes';
import { NurtureEnrolmentIndexes1763900007000 } from './migrations/1763900007000-nurture-enrolment-indexes';
import { ContactMergeEmails1763900009000 } from './migrations/1763900009000-contact-merge-emails';
import { NurtureFailuresAssigneeIndexes1763900011000 } from './migrations/1763900011000-nurture-failures-assignee-indexes';
import { ContentLeadsConsumer } from './nurture/content-leads/content-leads.consumer';
import { NurtureModule } from './nurture/nurture.module';
import { PipelinesModule } from './pipelines/pipelines.module';
import { AvailabilityConsumer } from './quotes/availability.consumer';
import { QuotesModule } from './quotes/quotes.module';
import { ReportsModule } from './reports/reports.module';
import { TasksModule } from './tasks/tasks.module';
import { CrmErrorCode } from './shared/crm-error-codes';
import { TicketsModule } from './tickets/tickets.module';

/** CRM: the front office. Owns Customer. */
export const crmSubgraph: SubgraphService = {
  name: 'crm',
  defaultPort: SUBGRAPH_PORTS.crm,
  database: {
    applicationName: 'crm',
    entities: [CustomerEntity],
    migrations: [
      CreateCustomers1763900000000,
      EventTables1763900001000,
      AuditLog1763900002000,
      CrmDomain1763900003000,
      CrmAccountsIndexes1763900004000,
      DealQueryIndexes1763900005000,
      WorkQueueIndexes1763900006000,
      NurtureEnrolmentIndexes1763900007000,
      ContactMergeEmails1763900009000,
      NurtureFailuresAssigneeIndexes1763900011000,
    ],
  },
  config: {
    SMTP_URL: z.url({ error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587' }).optional(),
    MAIL_LOG_PATH: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).default('CRM <crm@localhost>'),
    NURTURE_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  },
  errorCodes: CrmErrorCode,
  auditQuery: 'crmAuditLog',
  imports: [
    CustomersModule,
    ContactsModule,
    ContactMergeModule,
    LeadsModule,
    LeadConversionModule,
    PipelinesModule,
    DealsModule,
    QuotesModule,
    ReportsModule,
    ActivitiesModule,
    TasksModule,
    TicketsModule,
    NurtureModule,
  ],
  consumers: [AvailabilityConsumer, TimelineConsumer, ContentLeadsConsumer],
};
