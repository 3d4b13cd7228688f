import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '@platform/graphql';

@ObjectType({
  description:
    'What analysts ask for, over one period, from what crm, finance and inventory reported. A ratio or an average is null when there is nothing to measure. Definitions: apps/analytics/src/metrics/README.md.',
})
export class Metrics {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field(() => Int)
  leadsCreated: number;

  @Field(() => Float, { nullable: true, description: 'Leads converted with a deal in the period / leads created in the period.' })
  leadToOpportunity: number | null;

  @Field(() => Float, { nullable: true, description: 'Deals won / deals won or lost, closed in the period.' })
  opportunityToWin: number | null;

  @Field(() => Float, { nullable: true, description: 'Average days from lead conversion (the deal opening) to the deal won, for deals won in the period.' })
  averageSalesCycleDays: number | null;

  @Field(() => [Money], { description: 'Per day, per currency: deals closed x average won deal x win rate / average sales cycle.' })
  pipelineVelocity: Money[];

  @Field(() => [Money], { description: 'Average invoice total posted in the period, per currency.' })
  averageOrderValue: Money[];

  @Field(() => [Money], { description: 'Average invoiced per customer, all time up to the end of the period, per currency.' })
  customerLifetimeValue: Money[];

  @Field(() => Float, {
    nullable: true,
    description: 'Customers active in the previous period of the same length and not in this one / customers active in the previous period.',
  })
  churnRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Average hours from opening to resolution of tickets resolved in the period.' })
  averageTicketResolutionHours: number | null;

  @Field(() => Float, { nullable: true, description: 'Average hours from the deal won to the order shipped, for orders shipped in the period.' })
  averageFulfilmentHours: number | null;
}
