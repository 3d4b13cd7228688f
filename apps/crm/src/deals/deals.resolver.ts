import { ProductReference, productOf } from '../shared/product.reference';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { byKeys, groupByKey, IdArg, loaderFor, notFound, PageArgs, type RequestContext, toSortedConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer } from '../customers/customer.model';
import { CustomersService } from '../customers/customers.service';
import { Pipeline, PipelineStage } from '../pipelines/pipeline.model';
import { PipelinesService } from '../pipelines/pipelines.service';
import { Deal, DealConnection, DealLineItem, DealStageChange, DealStatus } from './deal.model';
import { dealSortOrder, dealSortValue } from './deal-sort';
import { DealsService } from './deals.service';
import { CreateDealInput } from './dto/create-deal.input';
import { CloseDealArgs, MoveDealStageArgs, SetDealLineItemsArgs } from './dto/deal-command.args';
import { DealSort, DealsFilter } from './dto/deals-filter.input';
import { UpdateDealInput } from './dto/update-deal.input';

@Resolver(() => Deal)
export class DealsResolver {
  constructor(
    private readonly service: DealsService,
    private readonly customers: CustomersService,
    private readonly pipelines: PipelinesService,
  ) {}

  @Allow('deal:write')
  @Mutation(() => Deal, { description: 'Creates a deal in a stage (default: first stage of the default pipeline). With line items the amount is their sum.' })
  createDeal(@Args('input') input: CreateDealInput, @Context() context: RequestContext): Promise<Deal> {
    return this.service.create(input, context.identity);
  }

  @Allow('deal:write')
  @Mutation(() => Deal, { description: 'Changes an open deal. ILLEGAL_STAGE_MOVE for a won or lost deal.' })
  updateDeal(@IdArg('id', 'Deal') id: string, @Args('input') input: UpdateDealInput, @Context() context: RequestContext): Promise<Deal> {
    return this.service.update(id, input, context.identity);
  }

  @Allow('deal:write')
  @Mutation(() => Deal, { description: "Replaces an open deal's line items; the amount becomes their sum." })
  setDealLineItems(@Args() { dealId, lineItems }: SetDealLineItemsArgs, @Context() context: RequestContext): Promise<Deal> {
    return this.service.setLineItems(dealId, lineItems, context.identity);
  }

  @Allow('deal:write')
  @Mutation(() => Deal, { description: 'Moves an open deal to another stage of its pipeline; ILLEGAL_STAGE_MOVE says why a move is refused.' })
  moveDealStage(@Args() { dealId, stageId }: MoveDealStageArgs, @Context() context: RequestContext): Promise<Deal> {
    return this.service.moveStage(dealId, stageId, context.identity);
  }

  @Allow('deal:write')
  @Mutation(() => Deal, {
    description:
      'Marks an open deal won (terminal) and emits crm.deal.won with its line items. A deal without line items can be won: its amount is what was sold.',
  })
  winDeal(@Args() { dealId, reason }: CloseDealArgs, @Context() context: RequestContext): Promise<Deal> {
    return this.service.close(dealId, DealStatus.WON, reason, context.identity);
  }

  @Allow('deal:write')
  @Mutation(() => Deal, { description: 'Marks an open deal lost (terminal).' })
  loseDeal(@Args() { dealId, reason }: CloseDealArgs, @Context() context: RequestContext): Promise<Deal> {
    return this.service.close(dealId, DealStatus.LOST, reason, context.identity);
  }

  @Allow('deal:read')
  @Query(() => Deal, { description: 'One deal; NOT_FOUND if there is none with this id.' })
  deal(@IdArg('id', 'Deal') id: string): Promise<Deal> {
    return this.service.get(id);
  }

  @Allow('deal:read')
  @Query(() => DealConnection, { description: 'Deals, filtered and sorted (default: oldest first).' })
  async deals(
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => DealsFilter, nullable: true }) filter?: DealsFilter,
    @Args('sort', { type: () => DealSort, nullable: true }) sort?: DealSort,
  ): Promise<DealConnection> {
    const order = dealSortOrder(sort);
    const page = await this.service.list(first, after, filter, order);
    return toSortedConnection(
      page,
      order,
      (d) => dealSortValue(order, d),
      (d) => d.id,
    );
  }

  @Allow('deal:read')
  @ResolveField(() => Customer)
  async customer(@Parent() deal: Deal, @Context() context: RequestContext): Promise<Customer> {
    const customer = await this.customers.load(context, deal.customerId);
    if (!customer) throw notFound('Customer', deal.customerId);
    return customer;
  }

  @Allow('deal:read')
  @ResolveField(() => Pipeline)
  pipeline(@Parent() deal: Deal, @Context() context: RequestContext): Promise<Pipeline> {
    return loaderFor<string, Pipeline>(context, 'dealPipeline', async (ids) =>
      byKeys<string, Pipeline, Pipeline | Error>(
        ids,
        await this.pipelines.findByIds(ids),
        (p) => p.id,
        (id) => notFound('Pipeline', id),
        (p) => p,
      ),
    ).load(deal.pipelineId);
  }

  @Allow('deal:read')
  @ResolveField(() => PipelineStage, { description: 'The current stage, with its win probability.' })
  stage(@Parent() deal: Deal, @Context() context: RequestContext): Promise<PipelineStage> {
    return loaderFor<string, PipelineStage>(context, 'dealStage', async (ids) =>
      byKeys<string, PipelineStage, PipelineStage | Error>(
        ids,
        await this.pipelines.stagesByIds(ids),
        (s) => s.id,
        (id) => notFound('Stage', id),
        (s) => s,
      ),
    ).load(deal.stageId);
  }

  @Allow('deal:read')
  @ResolveField(() => [DealLineItem])
  lineItems(@Parent() deal: Deal, @Context() context: RequestContext): Promise<DealLineItem[]> {
    return loaderFor<string, DealLineItem[]>(context, 'dealLineItems', async (ids) =>
      groupByKey(ids, await this.service.lineItemsOf(ids), (l) => l.dealId),
    ).load(deal.id);
  }

  @Allow('deal:read')
  @ResolveField(() => [DealStageChange], { description: 'Every stage and status change, oldest first.' })
  stageHistory(@Parent() deal: Deal, @Context() context: RequestContext): Promise<DealStageChange[]> {
    return loaderFor<string, DealStageChange[]>(context, 'dealStageHistory', async (ids) =>
      groupByKey(ids, await this.service.historyOf(ids), (c) => c.dealId),
    ).load(deal.id);
  }
}

@Resolver(() => Customer)
export class CustomerDealsResolver {
  constructor(private readonly service: DealsService) {}

  @Allow('deal:read')
  @ResolveField(() => DealConnection, { description: "The customer's deals, oldest first." })
  deals(@Parent() customer: Customer, @Context() context: RequestContext, @Args() { first, after }: PageArgs): Promise<DealConnection> {
    const order = dealSortOrder(null);
    return loaderFor<string, DealConnection>(context, `customerDeals:${first}:${after ?? ''}`, async (ids) =>
      (await this.service.pagesByCustomer(ids, first, after)).map((page) =>
        toSortedConnection(
          page,
          order,
          (d) => dealSortValue(order, d),
          (d) => d.id,
        ),
      ),
    ).load(customer.id);
  }
}

@Resolver(() => DealLineItem)
export class DealLineItemResolver {
  @Allow('deal:read')
  @ResolveField(() => ProductReference, { description: 'The product, resolved by inventory.' })
  product(@Parent() line: DealLineItem): ProductReference {
    return productOf(line);
  }
}
