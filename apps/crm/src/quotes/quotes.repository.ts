import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, date, defineTable, int, oldestPerParent, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { applyKeyset, decodeSortCursor, groupByKey, moneyFromMinor, type Page, type SortOrder, toPage } from '@platform/graphql';
import { lineMoney, type PricedLine } from '../shared/line-pricing';
import type { QuotesFilter } from './dto/create-quote.input';
import type { StockReport } from './quote-rules';
import { type Quote, type QuoteLine, QuoteStatus } from './quote.model';

export const QUOTE_ORDER: SortOrder = { tag: 'quotes.created', expression: 'q.created_at', type: 'timestamptz', direction: 'ASC' };

const quotesTable = defineTable('quotes', 'q', {
  id: uuid(),
  dealId: uuid(),
  status: oneOf(QuoteStatus),
  currency: text(),
  totalMinor: bigintText(),
  validUntil: date().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});
type QuoteRow = RowOf<typeof quotesTable>;

/** Lines carry no currency of their own: their quote's is read beside them. */
const linesTable = defineTable('quote_lines', 'l', {
  id: uuid(),
  quoteId: uuid(),
  productId: uuid(),
  description: text().nullable(),
  quantity: int(),
  unitPriceMinor: bigintText(),
  currency: text('q.currency'),
});

/** Stock as inventory last reported it (kept by AvailabilityConsumer). */
const availabilityTable = defineTable('product_availability', 'pa', {
  productId: uuid(),
  available: int(),
  asOf: timestamptz(),
});

const toQuote = (row: QuoteRow): Quote => ({ ...row, total: moneyFromMinor(row.totalMinor, row.currency) });

/** All SQL of quotes, their lines and the stock they are checked against. */
@Injectable()
export class QuotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertIn(manager: EntityManager, quote: { dealId: string; currency: string; totalMinor: bigint; validUntil: string | null }): Promise<Quote> {
    const [row] = await quotesTable.many(
      manager,
      `INSERT INTO quotes AS q (id, deal_id, currency, total_minor, valid_until) VALUES ($1, $2, $3, $4, $5) RETURNING ${quotesTable.columns}`,
      [randomUUID(), quote.dealId, quote.currency, quote.totalMinor.toString(), quote.validUntil],
    );
    return toQuote(row);
  }

  async insertLinesIn(manager: EntityManager, quoteId: string, lines: readonly PricedLine[]): Promise<void> {
    await manager.query(
      `INSERT INTO quote_lines (id, quote_id, position, product_id, description, quantity, unit_price_minor)
       SELECT gen_random_uuid(), $1, l.ord - 1, l.product_id, l.description, l.quantity, l.unit_price
       FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS l(product_id, description, quantity, unit_price, ord)`,
      [quoteId, lines.map((l) => l.productId), lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceMinor.toString())],
    );
  }

  /** The quote, locked until the caller commits. */
  async lockIn(manager: EntityManager, id: string): Promise<Quote | undefined> {
    const row = await quotesTable.one(manager, `SELECT ${quotesTable.columns} FROM quotes q WHERE q.id = $1 FOR UPDATE`, [id]);
    return row && toQuote(row);
  }

  async setStatusIn(manager: EntityManager, id: string, status: QuoteStatus): Promise<Quote> {
    const row = await quotesTable.one(
      manager,
      `UPDATE quotes AS q SET status = $2, updated_at = date_trunc('milliseconds', now()) WHERE q.id = $1 RETURNING ${quotesTable.columns}`,
      [id, status],
    );
    if (!row) throw new Error(`quotes: ${id} vanished under its lock`);
    return toQuote(row);
  }

  async find(id: string): Promise<Quote | undefined> {
    const row = await quotesTable.one(this.dataSource, `SELECT ${quotesTable.columns} FROM quotes q WHERE q.id = $1`, [id]);
    return row && toQuote(row);
  }

  async list(first: number, after: string | null | undefined, filter: QuotesFilter | null | undefined): Promise<Page<Quote>> {
    const query = this.dataSource.createQueryBuilder().select(quotesTable.columns).from('quotes', 'q');
    if (filter?.dealId) query.andWhere('q.deal_id = :dealId', { dealId: filter.dealId });
    if (filter?.status) query.andWhere('q.status = :status', { status: filter.status });
    applyKeyset(query, QUOTE_ORDER, 'q.id', first, after);
    return toPage(
      (await query.getRawMany<unknown>()).map((raw) => toQuote(quotesTable.read(raw))),
      first,
    );
  }

  /** Pages of several deals' quotes (oldest first) in one statement. */
  async pagesByDeal(dealIds: readonly string[], first: number, after?: string | null): Promise<Page<Quote>[]> {
    const cursor = after ? decodeSortCursor(QUOTE_ORDER, after) : null;
    const rows = await oldestPerParent(this.dataSource, quotesTable, 'deal_id', dealIds, first + 1, cursor && { at: String(cursor.value), id: cursor.id });
    return groupByKey(dealIds, rows.map(toQuote), (q) => q.dealId).map((page) => toPage(page, first));
  }

  async linesOf(quoteIds: readonly string[], db: Queryable = this.dataSource): Promise<(QuoteLine & { quoteId: string })[]> {
    const rows = await linesTable.many(
      db,
      `SELECT ${linesTable.columns} FROM quote_lines l JOIN quotes q ON q.id = l.quote_id WHERE l.quote_id = ANY($1) ORDER BY l.quote_id, l.position`,
      [[...new Set(quoteIds)]],
    );
    return rows.map(({ unitPriceMinor, currency, ...line }) => ({ ...line, ...lineMoney({ unitPriceMinor, currency, quantity: line.quantity }) }));
  }

  /**
   * Stores a stock report unless a newer one is stored (a report arriving late
   * or replayed changes nothing); of two of the same instant, the later wins.
   */
  async recordStockIn(manager: EntityManager, report: { productId: string; sku: string; available: number; changedAt: string }): Promise<void> {
    await manager.query(
      // The contract allows any safe integer; the column (and GraphQL Int) hold 32 bits, and no quote
      // line can ask for more than that anyway, so an out-of-range report is stored at the bound.
      `INSERT INTO product_availability AS pa (product_id, sku, available, as_of)
       VALUES ($1, $2, least(greatest($3::bigint, -2147483648), 2147483647)::int, $4)
       ON CONFLICT (product_id) DO UPDATE SET sku = excluded.sku, available = excluded.available, as_of = excluded.as_of
       WHERE pa.as_of <= excluded.as_of`,
      [report.productId, report.sku, report.available, report.changedAt],
    );
  }

  stock(productIds: readonly string[], db: Queryable = this.dataSource): Promise<StockReport[]> {
    return availabilityTable.many(db, `SELECT ${availabilityTable.columns} FROM product_availability pa WHERE pa.product_id = ANY($1)`, [
      [...new Set(productIds)],
    ]);
  }
}
