import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDateString, IsEnum, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { DATE } from '../../deals/dto/create-deal.input';
import { DealLineItemInput } from '../../deals/dto/deal-line-item.input';
import { QuoteStatus } from '../quote.model';

@InputType({ description: "A quote line: a product, quantity (at least 1) and unit price in the deal's currency." })
export class QuoteLineInput extends DealLineItemInput {}

@InputType()
export class CreateQuoteInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'dealId must be a UUID' })
  dealId: string;

  @Field(() => [QuoteLineInput], { nullable: true, description: "1 to 200 lines in the deal's currency; default: the deal's line items." })
  @IsOptional()
  @ArrayMinSize(1, { message: 'a quote needs at least one line' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => QuoteLineInput)
  lines?: QuoteLineInput[] | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, today or later.' })
  @IsOptional()
  @Matches(DATE, { message: 'validUntil must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'validUntil must be a date YYYY-MM-DD' })
  validUntil?: string | null;
}

@InputType()
export class QuotesFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'dealId must be a UUID' })
  dealId?: string;

  @Field(() => QuoteStatus, { nullable: true })
  @IsOptional()
  @IsEnum(QuoteStatus)
  status?: QuoteStatus;
}
