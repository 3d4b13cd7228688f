import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { RecordSort } from '../../shared/list-sort';

@InputType()
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Words matched as prefixes against name, email and domain; all must match.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => CustomerKind, { nullable: true })
  @IsOptional()
  @IsEnum(CustomerKind)
  kind?: CustomerKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  ownerId?: string | null;
}

@ArgsType()
export class CustomersArgs extends PageArgs {
  @Field(() => CustomerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerFilter)
  filter?: CustomerFilter | null;

  @Field(() => RecordSort, { nullable: true, description: 'Oldest first unless given.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordSort)
  sort?: RecordSort | null;
}
