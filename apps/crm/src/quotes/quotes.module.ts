import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { AvailabilityConsumer } from './availability.consumer';
import { DealQuotesResolver, QuoteLineResolver, QuotesResolver } from './quotes.resolver';
import { QuotesRepository } from './quotes.repository';
import { QuotesService } from './quotes.service';

@Module({ imports: [DealsModule], providers: [QuotesResolver, QuoteLineResolver, DealQuotesResolver, QuotesService, QuotesRepository, AvailabilityConsumer] })
export class QuotesModule {}
