import { Field, InputType } from '@nestjs/graphql';
import { IsDateString, IsOptional, Matches } from 'class-validator';
import { MoneyInput, NestedField, UuidField } from '@platform/graphql';
import { NameField } from '../../shared/input-fields';

@InputType()
export class ConvertLeadDealInput {
  @NameField({ description: '1 to 200 characters.' })
  name: string;

  @NestedField(MoneyInput)
  amount: MoneyInput;

  @UuidField({ optional: true, mustBe: 'a pipeline id', description: 'The default pipeline unless given; the deal starts in its first stage.' })
  pipelineId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'expectedCloseDate must be a date such as 2026-12-31' })
  @IsDateString({ strict: true }, { message: 'expectedCloseDate must be a calendar date such as 2026-12-31' })
  expectedCloseDate?: string | null;
}

@InputType()
export class ConvertLeadInput {
  @UuidField({ optional: true, mustBe: 'a customer id', description: 'Link this existing customer instead of finding or creating one.' })
  customerId?: string | null;

  @NameField({ optional: true, description: 'Name of the customer to create; the lead’s company, else its full name, unless given.' })
  customerName?: string | null;

  @NestedField(ConvertLeadDealInput, { optional: true, description: 'Also open a deal for the customer.' })
  deal?: ConvertLeadDealInput | null;
}
