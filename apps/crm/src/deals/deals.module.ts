import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { DealStatistics } from './deal-statistics';
import { CustomerDealsResolver, DealLineItemResolver, DealsResolver } from './deals.resolver';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';

/**
 * Exports DealsService (createIn, getIn, reassignContactIn and belongsToCustomerIn work in the caller's
 * transaction) and DealStatistics (the figures the sales reports show).
 */
@Module({
  imports: [CustomersModule, PipelinesModule],
  providers: [DealsResolver, CustomerDealsResolver, DealLineItemResolver, DealsService, DealsRepository, DealStatistics],
  exports: [DealsService, DealStatistics],
})
export class DealsModule {}
