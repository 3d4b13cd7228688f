import { Module } from '@nestjs/common';
import type { EventConsumerType } from '@platform/service';
import { DealsModule } from '../deals/deals.module';
import { AvailabilityConsumer } from './availability.consumer';
import { DealQuotesResolver, QuoteLineResolver, QuotesResolver } from './quotes.resolver';
import { QuotesService } from './quotes.service';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityTarget = new (...args: any[]) => unknown;

/** TypeORM entities of this area (registered with the crm data source); quotes are read and written with SQL. */
export const quotesEntities: EntityTarget[] = [];

/** Providers of this module that consume other services' events. */
export const quotesConsumers: EventConsumerType[] = [AvailabilityConsumer];

@Module({ imports: [DealsModule], providers: [QuotesResolver, QuoteLineResolver, DealQuotesResolver, QuotesService, AvailabilityConsumer] })
export class QuotesModule {}
