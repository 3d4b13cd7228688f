import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { MoneyInput, NestedField, TextUpToField, UuidField } from '@platform/graphql';

@InputType()
export class DealLineItemInput {
  @UuidField({ description: 'The product (an inventory product id).' })
  productId: string;

  @TextUpToField(500, { trim: true, optional: true, description: 'Up to 500 characters.' })
  description?: string | null;

  @Field(() => Int, { description: 'At least 1.' })
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1_000_000_000)
  quantity: number;

  @NestedField(MoneyInput)
  unitPrice: MoneyInput;
}
