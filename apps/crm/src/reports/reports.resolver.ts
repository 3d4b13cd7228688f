import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@platform/service';
import { ForecastArgs, ForecastBucket, StageConversion, StageConversionArgs, WinRate, WinRateArgs } from './report.model';
import { ReportsService } from './reports.service';

@Resolver()
export class ReportsResolver {
  constructor(private readonly service: ReportsService) {}

  @Allow('report.sales:read')
  @Query(() => [ForecastBucket], { description: 'Open deals by month of expected close and currency: count, amount and probability-weighted amount.' })
  pipelineForecast(@Args() args: ForecastArgs): Promise<ForecastBucket[]> {
    return this.service.pipelineForecast(args);
  }

  @Allow('report.sales:read')
  @Query(() => [StageConversion], { description: 'Per stage of a pipeline (default: the default one), in order: deals that reached it and went on.' })
  stageConversion(@Args() { pipelineId }: StageConversionArgs): Promise<StageConversion[]> {
    return this.service.stageConversion(pipelineId);
  }

  @Allow('report.sales:read')
  @Query(() => WinRate, { description: 'Deals won and lost, by close day (UTC, both ends included).' })
  winRate(@Args() args: WinRateArgs): Promise<WinRate> {
    return this.service.winRate(args);
  }
}
