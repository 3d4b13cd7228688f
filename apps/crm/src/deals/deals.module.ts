import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { CustomerDealsResolver, DealsResolver } from './deals.resolver';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';

/** Exports DealsService: createIn, getIn, reassignContactIn and belongsToCustomerIn work in the caller's transaction. */
@Module({ imports: [CustomersModule, PipelinesModule], providers: [DealsResolver, CustomerDealsResolver, DealsService, DealsRepository], exports: [DealsService] })
export class DealsModule {}
