import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { RecordIdField } from '@platform/graphql';

@InputType()
export class ReserveStockInput {
  @RecordIdField('Product')
  productId: string;

  @RecordIdField('Warehouse', { optional: true, description: 'Defaults to the default warehouse.' })
  warehouseId?: string | null;

  @Field(() => Int, { description: 'At least 1; all of it is held, or nothing (INSUFFICIENT_STOCK).' })
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1_000_000_000)
  quantity: number;

  @Field(() => Int, {
    defaultValue: 900,
    description: 'An unconfirmed hold is released by itself after this many seconds (1 to 604800, default 900); confirmReservation keeps it.',
  })
  @IsInt()
  @Min(1)
  @Max(604_800)
  expiresInSeconds = 900;
}
