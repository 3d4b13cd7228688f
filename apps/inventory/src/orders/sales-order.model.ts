import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

export enum SalesOrderStatus {
  PENDING = 'pending',
  RESERVED = 'reserved',
  PARTIALLY_RESERVED = 'partially_reserved',
  PARTIALLY_SHIPPED = 'partially_shipped',
  SHIPPED = 'shipped',
  CANCELLED = 'cancelled',
}
registerEnumType(SalesOrderStatus, {
  name: 'SalesOrderStatus',
  description:
    'PENDING: nothing reserved yet (all backordered); RESERVED: all that remains is held; PARTIALLY_RESERVED: some waits for stock; PARTIALLY_SHIPPED, SHIPPED; CANCELLED.',
});

@ObjectType({ description: 'A product line of a sales order: ordered, shipped, held and waiting.' })
export class SalesOrderLine {
  @Field(() => ID)
  id: string;

  orderId: string;

  @Field(() => ID)
  productId: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  shipped: number;

  @Field(() => Int, { description: 'Units held for it now.' })
  reserved: number;

  @Field(() => Int, { description: 'Units waiting for stock: quantity - shipped - reserved (0 once cancelled).' })
  backordered: number;

  @Field(() => Money)
  unitPrice: Money;
}

@ObjectType({ description: 'An order to fulfil for a customer.' })
export class SalesOrder {
  @Field(() => ID)
  id: string;

  @Field()
  number: string;

  @Field(() => SalesOrderStatus)
  status: SalesOrderStatus;

  @Field(() => ID)
  customerId: string;

  @Field(() => ID, { nullable: true, description: 'The won deal it came from.' })
  dealId: string | null;

  @Field(() => ID, { nullable: true })
  warehouseId: string | null;

  @Field(() => String, { nullable: true })
  cancelReason: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class SalesOrderConnection extends Connection(SalesOrder) {}
