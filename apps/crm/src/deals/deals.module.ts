import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { CustomerDealsResolver, DealsResolver } from './deals.resolver';
import { DealsService } from './deals.service';

@Module({ imports: [CustomersModule, PipelinesModule], providers: [DealsResolver, CustomerDealsResolver, DealsService], exports: [DealsService] })
export class DealsModule {}
