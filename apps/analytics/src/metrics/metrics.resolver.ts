import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@platform/service';
import { MetricsArgs } from './dto/metrics.args';
import { Metrics } from './metrics.model';
import { MetricsService } from './metrics.service';

@Resolver(() => Metrics)
export class MetricsResolver {
  constructor(private readonly service: MetricsService) {}

  @Allow('metrics:read')
  @Query(() => Metrics, {
    description: 'Conversion, velocity, order value, lifetime value, churn and service times over a period. BAD_USER_INPUT unless from < to within 5 years.',
  })
  metrics(@Args() { period }: MetricsArgs): Promise<Metrics> {
    return this.service.forPeriod(period.from, period.to);
  }
}
