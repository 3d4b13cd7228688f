import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { Contact } from '../contacts/contact.model';
import { Customer } from '../customers/customer.model';
import type { LeadRow } from './leads.repository';

/** GraphQL names; the values are what the status column stores. */
export enum LeadStatus {
  NEW = 'new',
  CONTACTED = 'contacted',
  QUALIFIED = 'qualified',
  UNQUALIFIED = 'unqualified',
  CONVERTED = 'converted',
}
registerEnumType(LeadStatus, { name: 'LeadStatus', description: 'CONVERTED is set by convertLead only, and is final.' });

export enum LeadSource {
  WEB_FORM = 'web_form',
  IMPORT = 'import',
  MANUAL = 'manual',
  CONTENT_DOWNLOAD = 'content_download',
}
registerEnumType(LeadSource, { name: 'LeadSource' });

@ObjectType({ description: 'A prospect not yet qualified into a customer and contact. Email and phone are personal data (contact.pii:read).' })
export class Lead {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'Personal data: needs contact.pii:read. Unique across leads, case-insensitively.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  phone: string | null;

  @Field()
  firstName: string;

  @Field()
  lastName: string;

  @Field(() => String, { nullable: true })
  company: string | null;

  @Field(() => LeadStatus)
  status: LeadStatus;

  @Field(() => LeadSource)
  source: LeadSource;

  @Field(() => String, { nullable: true })
  ownerId: string | null;

  @Field(() => Date, { nullable: true })
  convertedAt: Date | null;

  convertedCustomerId: string | null;

  @Field(() => Customer, { nullable: true, description: 'The customer the lead was converted to (created or linked).' })
  convertedCustomer?: Customer | null;

  convertedContactId: string | null;

  @Field(() => Contact, { nullable: true, description: 'The contact the lead was converted to (created or linked).' })
  convertedContact?: Contact | null;

  @Field(() => ID, { nullable: true, description: 'The deal created on conversion, if one was asked for.' })
  convertedDealId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class LeadConnection extends Connection(Lead) {}

@ObjectType({ description: 'What convertLead made or linked.' })
export class ConvertLeadResult {
  @Field(() => Lead)
  lead: LeadRow;

  @Field(() => Customer)
  customer: Customer;

  @Field(() => Contact)
  contact: Contact;

  @Field(() => ID, { nullable: true, description: 'The deal created, when input.deal was given.' })
  dealId: string | null;
}
