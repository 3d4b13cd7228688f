import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MoneyInput, trim } from '@platform/graphql';

@InputType()
export class DealLineItemInput {
  @Field(() => ID, { description: 'The product (an inventory product id).' })
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId: string;

  @Field(() => String, { nullable: true, description: 'Up to 500 characters.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(500)
  description?: string | null;

  @Field(() => Int, { description: 'At least 1.' })
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1_000_000_000)
  quantity: number;

  @Field(() => MoneyInput)
  @ValidateNested()
  @Type(() => MoneyInput)
  unitPrice: MoneyInput;
}
