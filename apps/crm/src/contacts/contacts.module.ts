import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { ContactsResolver } from './contacts.resolver';
import { ContactsService } from './contacts.service';
import { CustomerContactsResolver } from './customer-contacts.resolver';

@Module({ imports: [CustomersModule], providers: [ContactsService, ContactsResolver, CustomerContactsResolver], exports: [ContactsService] })
export class ContactsModule {}
