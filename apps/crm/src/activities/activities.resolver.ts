import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type ConnectionShape, loaderFor, PAGE_SIZE, PageArgs, type RequestContext, toPage, toSortedConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer } from '../customers/customer.model';
import { ActivitiesService, type ActivityRow, TIMELINE_ORDER } from './activities.service';
import { Activity, ActivityConnection, ActivityKind } from './activity.model';
import { LogActivityInput } from './dto/log-activity.input';
import { TimelineSubjectInput } from './dto/timeline-subject.input';

const connection = (page: { nodes: ActivityRow[]; hasNextPage: boolean }): ConnectionShape<Activity> =>
  toSortedConnection(
    page,
    TIMELINE_ORDER,
    (a) => a.occurredKey ?? a.occurredAt,
    (a) => a.id,
  );

@Resolver(() => Activity)
export class ActivitiesResolver {
  constructor(private readonly service: ActivitiesService) {}

  @Allow('activity:write')
  @Mutation(() => Activity, {
    description: 'Logs a call, email, meeting or note on a customer, contact, deal or lead (at least one). NOT_FOUND for a missing record.',
  })
  logActivity(@Args('input') input: LogActivityInput, @Context() context: RequestContext): Promise<Activity> {
    return this.service.log(input, context.identity);
  }

  @Allow('activity:read')
  @Query(() => ActivityConnection, { description: 'The timeline of one customer, contact, deal or lead, newest first.' })
  async timeline(
    @Args('subject') subject: TimelineSubjectInput,
    @Args() { first, after }: PageArgs,
    @Args('kinds', { type: () => [ActivityKind], nullable: true, description: 'Only these kinds; all when absent or empty.' }) kinds?: ActivityKind[] | null,
  ): Promise<ActivityConnection> {
    return connection(await this.service.timeline(subject, first, after, kinds));
  }
}

/** Customer.timeline: the newest entries of every customer in a response come from one statement. */
@Resolver(() => Customer)
export class CustomerTimelineResolver {
  constructor(private readonly service: ActivitiesService) {}

  @Allow('activity:read')
  @ResolveField(() => ActivityConnection, { description: "The customer's newest timeline entries (continue with Query.timeline and endCursor)." })
  timeline(
    @Parent() customer: Customer,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 10, description: 'Entries per customer, 1 to 100.' }, PAGE_SIZE) first: number,
    @Args('kinds', { type: () => [ActivityKind], nullable: true }) kinds?: ActivityKind[] | null,
  ): Promise<ActivityConnection> {
    const size = first;
    const key = `customerTimeline:${size}:${[...(kinds ?? [])].sort().join(',')}`;
    return loaderFor<string, ActivityConnection>(context, key, async (ids) => {
      const grouped = await this.service.latestByCustomers(ids, size, kinds);
      return ids.map((id) => connection(toPage(grouped.get(id) ?? [], size)));
    }).load(customer.id);
  }
}
