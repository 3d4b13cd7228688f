import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); leads are read and written with SQL. */
export const leadsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const leadsConsumers: EventConsumerType[] = [];

/** Exports LeadsService: captureIn(manager, lead, causation) records web-form and content-download leads in the caller's transaction. */
@Module({ imports: [CustomersModule, ContactsModule, DealsModule], providers: [LeadsService, LeadsResolver], exports: [LeadsService] })
export class LeadsModule {}
