import { ProductReference, productOf } from '../shared/product.reference';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { byKeys, groupByKey, IdArg, loaderFor, notFound, PageArgs, type RequestContext, toSortedConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Deal } from '../deals/deal.model';
import { DealsService } from '../deals/deals.service';
import { CreateQuoteInput, QuotesFilter } from './dto/create-quote.input';
import { lineAvailability, type StockReport } from './quote-rules';
import { LineAvailability, Quote, QuoteConnection, QuoteLine, QuoteStatus } from './quote.model';
import { QUOTE_ORDER, QuotesService } from './quotes.service';

@Resolver(() => Quote)
export class QuotesResolver {
  constructor(
    private readonly service: QuotesService,
    private readonly deals: DealsService,
  ) {}

  @Allow('quote:write')
  @Mutation(() => Quote, {
    description: "Drafts a quote for a deal (default lines: the deal's line items). INSUFFICIENT_STOCK when a line exceeds reported stock.",
  })
  createQuote(@Args('input') input: CreateQuoteInput, @Context() context: RequestContext): Promise<Quote> {
    return this.service.create(input, context.identity);
  }

  @Allow('quote:write')
  @Mutation(() => Quote, { description: 'DRAFT → SENT, after checking stock again. ILLEGAL_QUOTE_TRANSITION otherwise.' })
  sendQuote(@IdArg('id', 'Quote') id: string, @Context() context: RequestContext): Promise<Quote> {
    return this.service.transition(id, QuoteStatus.SENT, context.identity);
  }

  @Allow('quote:write')
  @Mutation(() => Quote, { description: 'SENT → ACCEPTED. ILLEGAL_QUOTE_TRANSITION otherwise.' })
  acceptQuote(@IdArg('id', 'Quote') id: string, @Context() context: RequestContext): Promise<Quote> {
    return this.service.transition(id, QuoteStatus.ACCEPTED, context.identity);
  }

  @Allow('quote:write')
  @Mutation(() => Quote, { description: 'DRAFT or SENT → REJECTED. ILLEGAL_QUOTE_TRANSITION otherwise.' })
  rejectQuote(@IdArg('id', 'Quote') id: string, @Context() context: RequestContext): Promise<Quote> {
    return this.service.transition(id, QuoteStatus.REJECTED, context.identity);
  }

  @Allow('quote:read')
  @Query(() => Quote, { description: 'One quote; NOT_FOUND if there is none with this id.' })
  quote(@IdArg('id', 'Quote') id: string): Promise<Quote> {
    return this.service.get(id);
  }

  @Allow('quote:read')
  @Query(() => QuoteConnection, { description: 'Quotes, oldest first.' })
  async quotes(
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => QuotesFilter, nullable: true }) filter?: QuotesFilter,
  ): Promise<QuoteConnection> {
    const page = await this.service.list(first, after, filter);
    return toSortedConnection(
      page,
      QUOTE_ORDER,
      (q) => q.createdAt,
      (q) => q.id,
    );
  }

  @Allow('deal:read')
  @ResolveField(() => Deal)
  deal(@Parent() quote: Quote, @Context() context: RequestContext): Promise<Deal> {
    return loaderFor<string, Deal>(context, 'quoteDeal', async (ids) =>
      byKeys<string, Deal, Deal | Error>(
        ids,
        await this.deals.findByIds(ids),
        (d) => d.id,
        (id) => notFound('Deal', id),
        (d) => d,
      ),
    ).load(quote.dealId);
  }

  @Allow('quote:read')
  @ResolveField(() => [QuoteLine])
  lines(@Parent() quote: Quote, @Context() context: RequestContext): Promise<QuoteLine[]> {
    return loaderFor<string, QuoteLine[]>(context, 'quoteLines', async (ids) => groupByKey(ids, await this.service.linesOf(ids), (l) => l.quoteId)).load(
      quote.id,
    );
  }
}

@Resolver(() => QuoteLine)
export class QuoteLineResolver {
  constructor(private readonly service: QuotesService) {}

  @Allow('quote:read')
  @ResolveField(() => LineAvailability, { description: "This line's quantity against the stock inventory last reported." })
  async availability(@Parent() line: QuoteLine, @Context() context: RequestContext): Promise<LineAvailability> {
    const report = await loaderFor<string, StockReport | undefined>(context, 'productAvailability', async (ids) => {
      const reports = await this.service.stock(ids);
      return byKeys<string, StockReport, StockReport | undefined>(
        ids,
        reports,
        (r) => r.productId,
        () => undefined,
        (r) => r,
      );
    }).load(line.productId);
    return lineAvailability(line.quantity, report);
  }

  @Allow('quote:read')
  @ResolveField(() => ProductReference, { description: 'The product, resolved by inventory.' })
  product(@Parent() line: QuoteLine): ProductReference {
    return productOf(line);
  }
}

@Resolver(() => Deal)
export class DealQuotesResolver {
  constructor(private readonly service: QuotesService) {}

  @Allow('quote:read')
  @ResolveField(() => QuoteConnection, { description: "The deal's quotes, oldest first." })
  quotes(@Parent() deal: Deal, @Context() context: RequestContext, @Args() { first, after }: PageArgs): Promise<QuoteConnection> {
    return loaderFor<string, QuoteConnection>(context, `dealQuotes:${first}:${after ?? ''}`, async (ids) =>
      (await this.service.pagesByDeal(ids, first, after)).map((page) =>
        toSortedConnection(
          page,
          QUOTE_ORDER,
          (q) => q.createdAt,
          (q) => q.id,
        ),
      ),
    ).load(deal.id);
  }
}
