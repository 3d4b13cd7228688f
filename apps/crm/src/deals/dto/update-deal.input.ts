import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsDateString, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DATE } from './create-deal.input';
import { MoneyInput, trim } from '@platform/graphql';

/** Fields left out stay as they are; contactId and expectedCloseDate can be cleared with null. */
@InputType()
export class UpdateDealInput {
  @Field({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @Field(() => MoneyInput, { nullable: true, description: 'With line items on the deal it must equal their sum.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null clears it.' })
  @IsOptional()
  @Matches(DATE, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  expectedCloseDate?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty()
  @MaxLength(200)
  ownerId?: string;

  @Field(() => ID, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string | null;
}
