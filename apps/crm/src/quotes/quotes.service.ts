import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, moneyFromMinor, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { DealsService } from '../deals/deals.service';
import { type LineInput, priceLines } from '../shared/line-pricing';
import type { CreateQuoteInput, QuotesFilter } from './dto/create-quote.input';
import { type StockReport, stockShortage, transitionRefusal } from './quote-rules';
import { type Quote, type QuoteLine, QuoteStatus } from './quote.model';
import { QuotesRepository } from './quotes.repository';

export { QUOTE_ORDER } from './quotes.repository';

@Injectable()
export class QuotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: QuotesRepository,
    private readonly deals: DealsService,
    private readonly audit: AuditLog,
  ) {}

  /** A draft quote with its lines, checked against the stock inventory reported; a shortage writes nothing. */
  async create(input: CreateQuoteInput, actor?: Identity): Promise<Quote> {
    if (input.validUntil && input.validUntil < new Date().toISOString().slice(0, 10)) {
      throw badUserInput(`validUntil ${input.validUntil} is in the past`, { validUntil: ['must be today or later'] });
    }
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.deals.getIn(manager, input.dealId);
      const lines: LineInput[] = input.lines ?? (await this.deals.lineItemsOf([deal.id], manager));
      const priced = priceLines(lines, 'lines');
      if (!priced) throw badUserInput(`Deal ${input.dealId} has no line items: give the quote lines`, { lines: ['required when the deal has no line items'] });
      if (priced.currency !== deal.currency) {
        throw badUserInput(`Quote lines must be in the deal's currency ${deal.currency}, not ${priced.currency}`, { lines: [`must be in ${deal.currency}`] });
      }
      const shortage = stockShortage(
        priced.lines,
        await this.repository.stock(
          priced.lines.map((l) => l.productId),
          manager,
        ),
      );
      if (shortage) throw shortage;
      const quote = await this.repository.insertIn(manager, {
        dealId: deal.id,
        currency: deal.currency,
        totalMinor: priced.totalMinor,
        validUntil: input.validUntil ?? null,
      });
      await this.repository.insertLinesIn(manager, quote.id, priced.lines);
      await this.audit.record(manager, actor, 'createQuote', quote.id, { dealId: deal.id, total: moneyFromMinor(priced.totalMinor, deal.currency) });
      return quote;
    });
  }

  /** Moves a quote along draft → sent → accepted | rejected; sending checks the stock again. */
  async transition(id: string, to: QuoteStatus, actor?: Identity): Promise<Quote> {
    return this.dataSource.transaction(async (manager) => {
      const quote = await this.repository.lockIn(manager, id);
      if (!quote) throw notFound('Quote', id);
      const refusal = transitionRefusal(id, quote.status, to);
      if (refusal) throw refusal;
      if (to === QuoteStatus.SENT) {
        const lines = await this.repository.linesOf([id], manager);
        const shortage = stockShortage(
          lines,
          await this.repository.stock(
            lines.map((l) => l.productId),
            manager,
          ),
        );
        if (shortage) throw shortage;
      }
      const updated = await this.repository.setStatusIn(manager, id, to);
      await this.audit.record(manager, actor, `${to === QuoteStatus.SENT ? 'send' : to === QuoteStatus.ACCEPTED ? 'accept' : 'reject'}Quote`, id, {
        from: quote.status,
      });
      return updated;
    });
  }

  async get(id: string): Promise<Quote> {
    const quote = await this.repository.find(id);
    if (!quote) throw notFound('Quote', id);
    return quote;
  }

  list(first: number, after: string | null | undefined, filter: QuotesFilter | null | undefined): Promise<Page<Quote>> {
    return this.repository.list(first, after, filter);
  }

  /** Pages of several deals' quotes (oldest first) in one statement. */
  pagesByDeal(dealIds: readonly string[], first: number, after?: string | null): Promise<Page<Quote>[]> {
    return this.repository.pagesByDeal(dealIds, first, after);
  }

  linesOf(quoteIds: readonly string[], manager?: EntityManager): Promise<(QuoteLine & { quoteId: string })[]> {
    return this.repository.linesOf(quoteIds, manager);
  }

  stock(productIds: readonly string[]): Promise<StockReport[]> {
    return this.repository.stock(productIds);
  }
}
