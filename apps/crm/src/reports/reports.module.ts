import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

@Module({ imports: [DealsModule, PipelinesModule], providers: [ReportsResolver, ReportsService] })
export class ReportsModule {}
