import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { AvailabilityConsumer } from './availability.consumer';
import { DealQuotesResolver, QuoteLineResolver, QuotesResolver } from './quotes.resolver';
import { QuotesService } from './quotes.service';

@Module({ imports: [DealsModule], providers: [QuotesResolver, QuoteLineResolver, DealQuotesResolver, QuotesService, AvailabilityConsumer] })
export class QuotesModule {}
