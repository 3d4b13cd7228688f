import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SalesOrderStatus {
  PENDING = 'pending',
  RESERVED = 'reserved',
  SHIPPED = 'shipped',
  CANCELLED = 'cancelled',
}
registerEnumType(SalesOrderStatus, { name: 'SalesOrderStatus' });

@ObjectType({ description: 'An order to fulfil for a customer.' })
export class SalesOrder {
  @Field(() => ID)
  id: string;

  @Field()
  number: string;

  @Field(() => SalesOrderStatus)
  status: SalesOrderStatus;

  @Field()
  createdAt: Date;
}
