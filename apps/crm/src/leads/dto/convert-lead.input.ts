import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsDateString, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MoneyInput, trim } from '@platform/graphql';

@InputType()
export class ConvertLeadDealInput {
  @Field({ description: '1 to 200 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  @Type(() => MoneyInput)
  amount: MoneyInput;

  @Field(() => ID, { nullable: true, description: 'The default pipeline unless given; the deal starts in its first stage.' })
  @IsOptional()
  @IsUUID('all', { message: 'pipelineId must be a pipeline id' })
  pipelineId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'expectedCloseDate must be a date such as 2026-12-31' })
  @IsDateString({ strict: true }, { message: 'expectedCloseDate must be a calendar date such as 2026-12-31' })
  expectedCloseDate?: string | null;
}

@InputType()
export class ConvertLeadInput {
  @Field(() => ID, { nullable: true, description: 'Link this existing customer instead of finding or creating one.' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id' })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the customer to create; the lead’s company, else its full name, unless given.' })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'customerName must not be empty' })
  @MaxLength(200)
  customerName?: string | null;

  @Field(() => ConvertLeadDealInput, { nullable: true, description: 'Also open a deal for the customer.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConvertLeadDealInput)
  deal?: ConvertLeadDealInput | null;
}
