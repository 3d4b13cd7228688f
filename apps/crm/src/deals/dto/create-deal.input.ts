import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsDateString, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DealLineItemInput } from './deal-line-item.input';
import { MoneyInput, trim } from '@platform/graphql';
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class CreateDealInput {
  @Field({ description: '1 to 200 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Defaults to the default pipeline.' })
  @IsOptional()
  @IsUUID('all', { message: 'pipelineId must be a UUID' })
  pipelineId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the pipeline's first stage." })
  @IsOptional()
  @IsUUID('all', { message: 'stageId must be a UUID' })
  stageId?: string | null;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty()
  @MaxLength(200)
  ownerId?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Required without line items; with them it must equal their sum.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DATE, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  expectedCloseDate?: string | null;

  @Field(() => [DealLineItemInput], { nullable: true, description: 'Up to 200 lines, all in one currency.' })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DealLineItemInput)
  lineItems?: DealLineItemInput[] | null;
}
