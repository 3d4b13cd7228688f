import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { CustomersModule } from '../customers/customers.module';
import { ContactsResolver } from './contacts.resolver';
import { ContactsService } from './contacts.service';
import { CustomerContactsResolver } from './customer-contacts.resolver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); contacts are read and written with SQL. */
export const contactsEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const contactsConsumers: EventConsumerType[] = [];

@Module({ imports: [CustomersModule], providers: [ContactsService, ContactsResolver, CustomerContactsResolver], exports: [ContactsService] })
export class ContactsModule {}
