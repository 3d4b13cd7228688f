import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomersModule } from '../customers/customers.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';

/**
 * Exports LeadsService: captureIn(manager, lead, causation) records web-form and content-download leads in the caller's transaction;
 * findIn, holdIn, lockIn, markConvertedIn and reassignConvertedContactIn serve nurture, the conversion and the contact merge.
 */
@Module({ imports: [CustomersModule, ContactsModule], providers: [LeadsService, LeadsResolver], exports: [LeadsService] })
export class LeadsModule {}
