import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, Max, Min } from 'class-validator';
import { EnumField, NestedField, PageArgs, RecordIdField, TextField, UuidField } from '@platform/graphql';
import { SalesOrderStatus } from '../sales-order.model';

@InputType()
export class ShipLineInput {
  @UuidField()
  orderLineId: string;

  @Field(() => Int, { description: 'At least 1, at most what the line holds.' })
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1_000_000_000)
  quantity: number;
}

@ArgsType()
export class ShipSalesOrderArgs {
  @RecordIdField('SalesOrder')
  orderId: string;

  @NestedField(ShipLineInput, { list: true, optional: true, description: 'Left out: everything the order holds ships.' }, ArrayMaxSize(500))
  lines?: ShipLineInput[] | null;
}

@ArgsType()
export class CancelSalesOrderArgs {
  @RecordIdField('SalesOrder')
  orderId: string;

  @TextField(500, { description: 'Why, 1 to 500 characters.' })
  reason: string;
}

@ArgsType()
export class SalesOrdersArgs extends PageArgs {
  @EnumField(SalesOrderStatus, { optional: true })
  status?: SalesOrderStatus | null;

  @UuidField({ optional: true })
  customerId?: string | null;
}
