import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';

/** TypeORM entities of this area (registered with the crm data source). */
export const contactsEntities: Function[] = [];

/** Providers of this module that consume other services' events. */
export const contactsConsumers: EventConsumerType[] = [];

@Module({})
export class ContactsModule {}
