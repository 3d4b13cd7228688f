import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, Matches } from 'class-validator';
import { trim } from './input-transforms';

const CURRENCIES = Intl.supportedValuesOf('currency');

@InputType({ description: 'An amount of money: a decimal string (no more decimals than the currency has) and an ISO 4217 code.' })
export class MoneyInput {
  @Field({ description: 'Non-negative decimal, e.g. "1250.00".' })
  @Transform(trim)
  @Matches(/^\d{1,15}(\.\d{1,4})?$/, { message: 'amount must be a non-negative decimal string such as 1250.00' })
  amount: string;

  @Field({ description: 'ISO 4217 code, e.g. "EUR".' })
  @Transform(trim)
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;
}
