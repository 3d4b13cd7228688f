import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { DealsModule } from '../deals/deals.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';

/** Exports LeadsService: captureIn(manager, lead, causation) records web-form and content-download leads in the caller's transaction. */
@Module({ imports: [CustomersModule, ContactsModule, DealsModule], providers: [LeadsService, LeadsResolver], exports: [LeadsService] })
export class LeadsModule {}
