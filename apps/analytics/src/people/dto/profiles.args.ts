import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsUUID } from 'class-validator';
import { NestedField, PageArgs } from '@platform/graphql';

@InputType()
export class ProfilesFilter {
  @Field(() => ID, { nullable: true, description: 'Only the people of this crm customer.' })
  @IsOptional()
  @IsUUID('all', { message: '$property must be a UUID' })
  customerId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only people seen at or after this time.' })
  @IsOptional()
  @IsDate()
  seenSince?: Date | null;
}

@ArgsType()
export class ProfilesArgs extends PageArgs {
  @NestedField(ProfilesFilter, { optional: true })
  filter?: ProfilesFilter | null;
}
