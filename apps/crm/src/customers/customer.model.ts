import { Directive, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

/** GraphQL names; the values are what the kind column stores. */
export enum CustomerKind {
  ORGANISATION = 'organisation',
  INDIVIDUAL = 'individual',
}
registerEnumType(CustomerKind, { name: 'CustomerKind', description: 'An organisation (a company) or an individual (a person buying for themselves).' });

@ObjectType({ description: 'An account the business sells to: an organisation or an individual.' })
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  /** The stored value; the enum's values are those values. */
  @Field(() => CustomerKind)
  kind: `${CustomerKind}`;

  @Field(() => String, { nullable: true, description: 'Web domain, e.g. acme.com.' })
  domain: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'The user who owns the account.' })
  ownerId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class CustomerConnection extends Connection(Customer) {}
