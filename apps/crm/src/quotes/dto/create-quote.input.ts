import { InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { DateField, EnumField, NestedField, UuidField } from '@platform/graphql';
import { DealLineItemInput } from '../../deals/dto/deal-line-item.input';
import { QuoteStatus } from '../quote.model';

@InputType({ description: "A quote line: a product, quantity (at least 1) and unit price in the deal's currency." })
export class QuoteLineInput extends DealLineItemInput {}

@InputType()
export class CreateQuoteInput {
  @UuidField()
  dealId: string;

  @NestedField(
    QuoteLineInput,
    { list: true, optional: true, description: "1 to 200 lines in the deal's currency; default: the deal's line items." },
    ArrayMinSize(1, { message: 'a quote needs at least one line' }),
    ArrayMaxSize(200),
  )
  lines?: QuoteLineInput[] | null;

  @DateField({ optional: true, description: 'YYYY-MM-DD, today or later.' })
  validUntil?: string | null;
}

@InputType()
export class QuotesFilter {
  @UuidField({ optional: true })
  dealId?: string;

  @EnumField(QuoteStatus, { optional: true })
  status?: QuoteStatus;
}
