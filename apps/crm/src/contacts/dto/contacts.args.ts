import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '@platform/graphql';
import { RecordSort } from '../../shared/list-sort';

@InputType()
export class ContactFilter {
  @Field(() => String, { nullable: true, description: 'Words matched as prefixes against name, email and title; all must match.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id' })
  customerId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  ownerId?: string | null;
}

@ArgsType()
export class ContactsArgs extends PageArgs {
  @Field(() => ContactFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactFilter)
  filter?: ContactFilter | null;

  @Field(() => RecordSort, { nullable: true, description: 'Oldest first unless given.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordSort)
  sort?: RecordSort | null;
}
