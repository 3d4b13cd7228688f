import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Money } from '@platform/graphql';

/** Customer is owned by crm; finance contributes what it knows of the customer's account. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id: string;

  @Field(() => Money, { description: 'Sum of open invoices not yet paid, in the functional currency (at the rates they were booked at).' })
  openBalance?: Money;
}
