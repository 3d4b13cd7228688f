import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { Transform } from 'class-transformer';
import { MoneyInput, NestedField, PageArgs, RecordIdField, TextField, trim } from '@platform/graphql';

@InputType()
export class CreateProductInput {
  @Field({ description: '1 to 64 letters, digits, ".", "_" or "-"; unique without regard to case.' })
  @Transform(trim)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'sku must be 1 to 64 letters, digits, ".", "_" or "-"' })
  sku: string;

  @TextField(200, { description: '1 to 200 characters.' })
  name: string;

  @TextField(40, { description: 'e.g. "pcs"; 1 to 40 characters.' })
  unitOfMeasure: string;

  @NestedField(MoneyInput)
  listPrice: MoneyInput;

  @NestedField(MoneyInput, { description: "In the list price's currency: every cost of the product is." })
  standardCost: MoneyInput;
}

/** Fields left out stay as they are. */
@InputType()
export class UpdateProductInput {
  @TextField(200, { optional: 'not-null' })
  name?: string;

  @TextField(40, { optional: 'not-null' })
  unitOfMeasure?: string;

  @NestedField(MoneyInput, { optional: 'not-null' })
  listPrice?: MoneyInput;

  @NestedField(MoneyInput, { optional: 'not-null' })
  standardCost?: MoneyInput;

  @Field(() => Boolean, { nullable: true, description: 'false archives the product.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class UpdateProductArgs {
  @RecordIdField('Product')
  id: string;

  @NestedField(UpdateProductInput)
  input: UpdateProductInput;
}

@ArgsType()
export class ProductsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or archived (false) products.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
