import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { Customer } from '../customers/customer.model';

@ObjectType({ description: 'A person, optionally at a customer. Email and phone are personal data (contact.pii:read).' })
export class Contact {
  @Field(() => ID)
  id: string;

  /** Resolved through a per-request loader (Contact.customer). */
  customerId: string | null;

  @Field(() => Customer, { nullable: true, description: 'The account this person belongs to, if any.' })
  customer?: Customer | null;

  @Field()
  firstName: string;

  @Field()
  lastName: string;

  @Field(() => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  title: string | null;

  @Field(() => String, { nullable: true })
  ownerId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class ContactConnection extends Connection(Contact) {}
