import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, Max, Min } from 'class-validator';
import { EnumField, MoneyInput, NestedField, PageArgs, RecordIdField, TextField, UuidField } from '@platform/graphql';
import { PurchaseOrderStatus } from '../purchase-order.model';

const MAX_UNITS = 1_000_000_000;

@InputType()
export class CreateSupplierInput {
  @TextField(200)
  name: string;
}

@InputType()
export class PurchaseLineInput {
  @RecordIdField('Product')
  productId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_UNITS)
  quantity: number;

  @NestedField(MoneyInput, { description: "Per unit, in the product's currency." })
  unitCost: MoneyInput;
}

@InputType()
export class CreatePurchaseOrderInput {
  @RecordIdField('Supplier')
  supplierId: string;

  @RecordIdField('Warehouse', { optional: true, description: 'Defaults to the default warehouse.' })
  warehouseId?: string | null;

  @NestedField(PurchaseLineInput, { list: true, description: '1 to 200 lines.' }, ArrayMinSize(1), ArrayMaxSize(200))
  lines: PurchaseLineInput[];
}

@InputType()
export class ReceiveLineInput {
  @UuidField()
  lineId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_UNITS)
  quantity: number;
}

@ArgsType()
export class ReceivePurchaseOrderArgs {
  @RecordIdField('PurchaseOrder')
  purchaseOrderId: string;

  @NestedField(ReceiveLineInput, { list: true, optional: true, description: 'Left out: everything still to come arrives.' }, ArrayMaxSize(200))
  lines?: ReceiveLineInput[] | null;
}

@InputType()
export class ReorderRuleInput {
  @RecordIdField('Product')
  productId: string;

  @RecordIdField('Warehouse', { optional: true, description: 'Defaults to the default warehouse.' })
  warehouseId?: string | null;

  @RecordIdField('Supplier')
  supplierId: string;

  @Field(() => Int, { description: 'A draft purchase order is raised when available falls under it.' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNITS)
  minimum: number;

  @Field(() => Int, { description: 'What the purchase order tops available up to; greater than minimum.' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  maximum: number;
}

@ArgsType()
export class PurchaseOrdersArgs extends PageArgs {
  @EnumField(PurchaseOrderStatus, { optional: true })
  status?: PurchaseOrderStatus | null;
}
