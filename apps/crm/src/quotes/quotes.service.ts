import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { applyKeyset, badUserInput, decodeSortCursor, isUuid, moneyFromMinor, notFound, type Page, type SortOrder, toPage } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { type LineInput, priceLines, type PricedLine } from '../deals/deal-rules';
import type { CreateQuoteInput, QuotesFilter } from './dto/create-quote.input';
import { type StockReport, stockShortage, transitionRefusal } from './quote-rules';
import { type Quote, type QuoteLine, QuoteStatus } from './quote.model';

export const QUOTE_ORDER: SortOrder = { tag: 'quotes.created', expression: 'q.created_at', type: 'timestamptz', direction: 'ASC' };

const QUOTE_COLUMNS = `q.id, q.deal_id AS "dealId", q.status, q.currency, q.total_minor::text AS "totalMinor",
  to_char(q.valid_until, 'YYYY-MM-DD') AS "validUntil", q.created_at AS "createdAt", q.updated_at AS "updatedAt"`;

type QuoteRow = Omit<Quote, 'total'>;
const toQuote = (row: QuoteRow): Quote => ({ ...row, total: moneyFromMinor(row.totalMinor, row.currency) });

/** Rows of a statement; the driver answers [rows, count] for UPDATE ... RETURNING. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];

@Injectable()
export class QuotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** A draft quote with its lines, checked against the stock inventory reported; a shortage writes nothing. */
  async create(input: CreateQuoteInput, actor?: Identity): Promise<Quote> {
    if (input.validUntil && input.validUntil < new Date().toISOString().slice(0, 10)) {
      throw badUserInput(`validUntil ${input.validUntil} is in the past`, { validUntil: ['must be today or later'] });
    }
    return this.dataSource.transaction(async (manager) => {
      const [deal] = await manager.query(`SELECT id, currency, amount_minor::text AS "amountMinor" FROM deals WHERE id = $1`, [input.dealId]);
      if (!deal) throw notFound('Deal', input.dealId);
      const lines: LineInput[] = input.lines ?? (await this.dealLines(manager, input.dealId, deal.currency));
      const priced = priceLines(lines, 'lines');
      if (!priced) throw badUserInput(`Deal ${input.dealId} has no line items: give the quote lines`, { lines: ['required when the deal has no line items'] });
      if (priced.currency !== deal.currency) {
        throw badUserInput(`Quote lines must be in the deal's currency ${deal.currency}, not ${priced.currency}`, { lines: [`must be in ${deal.currency}`] });
      }
      const shortage = stockShortage(priced.lines, await this.stock(priced.lines.map((l) => l.productId), manager));
      if (shortage) throw shortage;
      const [row]: QuoteRow[] = await manager.query(
        `INSERT INTO quotes AS q (id, deal_id, currency, total_minor, valid_until) VALUES ($1, $2, $3, $4, $5) RETURNING ${QUOTE_COLUMNS}`,
        [randomUUID(), input.dealId, deal.currency, priced.totalMinor.toString(), input.validUntil ?? null],
      );
      await this.insertLines(manager, row.id, priced.lines);
      await this.audit.record(manager, actor, 'createQuote', row.id, { dealId: input.dealId, total: moneyFromMinor(priced.totalMinor, deal.currency) });
      return toQuote(row);
    });
  }

  /** Moves a quote along draft → sent → accepted | rejected; sending checks the stock again. */
  async transition(id: string, to: QuoteStatus, actor?: Identity): Promise<Quote> {
    return this.dataSource.transaction(async (manager) => {
      const [quote]: QuoteRow[] = isUuid(id) ? await manager.query(`SELECT ${QUOTE_COLUMNS} FROM quotes q WHERE q.id = $1 FOR UPDATE`, [id]) : [];
      if (!quote) throw notFound('Quote', id);
      const refusal = transitionRefusal(id, quote.status, to);
      if (refusal) throw refusal;
      if (to === QuoteStatus.SENT) {
        const lines = await this.linesOf([id], manager);
        const shortage = stockShortage(lines, await this.stock(lines.map((l) => l.productId), manager));
        if (shortage) throw shortage;
      }
      const [row] = rowsOf<QuoteRow>(
        await manager.query(`UPDATE quotes AS q SET status = $2, updated_at = date_trunc('milliseconds', now()) WHERE q.id = $1 RETURNING ${QUOTE_COLUMNS}`, [id, to]),
      );
      await this.audit.record(manager, actor, `${to === QuoteStatus.SENT ? 'send' : to === QuoteStatus.ACCEPTED ? 'accept' : 'reject'}Quote`, id, { from: quote.status });
      return toQuote(row);
    });
  }

  async get(id: string): Promise<Quote> {
    const [quote]: QuoteRow[] = isUuid(id) ? await this.dataSource.query(`SELECT ${QUOTE_COLUMNS} FROM quotes q WHERE q.id = $1`, [id]) : [];
    if (!quote) throw notFound('Quote', id);
    return toQuote(quote);
  }

  async list(first: number, after: string | null | undefined, filter: QuotesFilter | null | undefined): Promise<Page<Quote>> {
    const query = this.dataSource.createQueryBuilder().select(QUOTE_COLUMNS).from('quotes', 'q');
    if (filter?.dealId) query.andWhere('q.deal_id = :dealId', { dealId: filter.dealId });
    if (filter?.status) query.andWhere('q.status = :status', { status: filter.status });
    applyKeyset(query, QUOTE_ORDER, 'q.id', first, after);
    return toPage((await query.getRawMany<QuoteRow>()).map(toQuote), first);
  }

  /** Pages of several deals' quotes (oldest first) in one statement. */
  async pagesByDeal(dealIds: readonly string[], first: number, after?: string | null): Promise<Page<Quote>[]> {
    const valid = [...new Set(dealIds.filter(isUuid))];
    const params: unknown[] = [valid, first + 1];
    let past = '';
    if (after) {
      const { value, id } = decodeSortCursor(QUOTE_ORDER, after);
      params.push(value, id);
      past = `AND (q.created_at, q.id) > (CAST($3 AS timestamptz), CAST($4 AS uuid))`;
    }
    const rows: (QuoteRow & { rn: string })[] = valid.length
      ? await this.dataSource.query(
          `SELECT * FROM (
             SELECT ${QUOTE_COLUMNS}, row_number() OVER (PARTITION BY q.deal_id ORDER BY q.created_at, q.id) AS rn
             FROM quotes q WHERE q.deal_id = ANY($1) ${past}
           ) x WHERE x.rn <= $2 ORDER BY x."dealId", x.rn`,
          params,
        )
      : [];
    return dealIds.map((dealId) => toPage(rows.filter((r) => r.dealId === dealId).map(({ rn: _rn, ...row }) => toQuote(row)), first));
  }

  async linesOf(quoteIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<(QuoteLine & { quoteId: string })[]> {
    const rows: { id: string; quoteId: string; productId: string; description: string | null; quantity: number; unitPriceMinor: string; currency: string }[] =
      await manager.query(
        `SELECT l.id, l.quote_id AS "quoteId", l.product_id AS "productId", l.description, l.quantity, l.unit_price_minor::text AS "unitPriceMinor", q.currency
         FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE l.quote_id = ANY($1) ORDER BY l.quote_id, l.position`,
        [[...new Set(quoteIds)]],
      );
    return rows.map((r) => ({
      id: r.id,
      quoteId: r.quoteId,
      productId: r.productId,
      description: r.description,
      quantity: r.quantity,
      unitPrice: moneyFromMinor(r.unitPriceMinor, r.currency),
      total: moneyFromMinor(BigInt(r.unitPriceMinor) * BigInt(r.quantity), r.currency),
    }));
  }

  async stock(productIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<StockReport[]> {
    return manager.query(`SELECT product_id AS "productId", available, as_of AS "asOf" FROM product_availability WHERE product_id = ANY($1)`, [[...new Set(productIds)]]);
  }

  private async dealLines(manager: EntityManager, dealId: string, currency: string): Promise<LineInput[]> {
    const rows: { productId: string; description: string | null; quantity: number; unitPriceMinor: string }[] = await manager.query(
      `SELECT product_id AS "productId", description, quantity, unit_price_minor::text AS "unitPriceMinor" FROM deal_line_items WHERE deal_id = $1 ORDER BY position`,
      [dealId],
    );
    return rows.map((r) => ({ productId: r.productId, description: r.description, quantity: r.quantity, unitPrice: moneyFromMinor(r.unitPriceMinor, currency) }));
  }

  private async insertLines(manager: EntityManager, quoteId: string, lines: PricedLine[]): Promise<void> {
    await manager.query(
      `INSERT INTO quote_lines (id, quote_id, position, product_id, description, quantity, unit_price_minor)
       SELECT gen_random_uuid(), $1, l.ord - 1, l.product_id, l.description, l.quantity, l.unit_price
       FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS l(product_id, description, quantity, unit_price, ord)`,
      [quoteId, lines.map((l) => l.productId), lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceMinor.toString())],
    );
  }
}
