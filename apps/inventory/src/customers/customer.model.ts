import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { SalesOrder } from '../orders/sales-order.model';

/** Customer is owned by crm; inventory contributes the customer's sales orders. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id: string;

  @Field(() => [SalesOrder])
  orders?: SalesOrder[];
}
