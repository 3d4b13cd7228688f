import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, Max, Min, NotEquals } from 'class-validator';
import { MoneyInput, NestedField, PageArgs, RecordIdField, TextField, UuidField } from '@platform/graphql';
import { ArgsType } from '@nestjs/graphql';

const MAX_UNITS = 1_000_000_000;

@InputType()
export class ReceiveStockInput {
  @RecordIdField('Product')
  productId: string;

  @RecordIdField('Warehouse', { optional: true, description: 'Defaults to the default warehouse.' })
  warehouseId?: string | null;

  @Field(() => Int, { description: 'At least 1.' })
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_UNITS)
  quantity: number;

  @NestedField(MoneyInput, { description: "Per unit, in the product's currency." })
  unitCost: MoneyInput;
}

@InputType()
export class AdjustStockInput {
  @RecordIdField('Product')
  productId: string;

  @RecordIdField('Warehouse', { optional: true, description: 'Defaults to the default warehouse.' })
  warehouseId?: string | null;

  @Field(() => Int, { description: 'Signed change of on hand, not 0; only unreserved units can be taken away.' })
  @IsInt()
  @NotEquals(0, { message: 'quantity must not be 0' })
  @Min(-MAX_UNITS)
  @Max(MAX_UNITS)
  quantity: number;

  @TextField(500, { description: 'Why: a count, breakage, a find. 1 to 500 characters.' })
  reason: string;
}

@InputType()
export class TransferStockInput {
  @RecordIdField('Product')
  productId: string;

  @RecordIdField('Warehouse')
  fromWarehouseId: string;

  @RecordIdField('Warehouse')
  toWarehouseId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_UNITS)
  quantity: number;
}

@ArgsType()
export class StockMovementsArgs extends PageArgs {
  @UuidField({ optional: true, description: "Only this product's movements." })
  productId?: string | null;
}
