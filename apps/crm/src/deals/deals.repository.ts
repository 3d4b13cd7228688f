import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import {
  bigintText,
  date,
  defineTable,
  int,
  oldestPerParent,
  oneOf,
  type Queryable,
  returnedRows,
  type RowOf,
  text,
  timestamptz,
  uuid,
} from '@platform/database';
import { applyKeyset, decodeSortCursor, groupByKey, moneyFromMinor, type Page, type SortOrder, toPage } from '@platform/graphql';
import { lineMoney, type PricedLine } from '../shared/line-pricing';
import { CLOSE_DATE_KEY, CUSTOMER_DEALS_ORDER } from './deal-sort';
import { type Deal, type DealLineItem, type DealStageChange, DealStatus } from './deal.model';
import type { DealsFilter } from './dto/deals-filter.input';

export const dealsTable = defineTable('deals', 'd', {
  id: uuid(),
  name: text(),
  customerId: uuid(),
  contactId: uuid().nullable(),
  pipelineId: uuid(),
  stageId: uuid(),
  ownerId: text().nullable(),
  amountMinor: bigintText(),
  currency: text(),
  expectedCloseDate: date().nullable(),
  status: oneOf(DealStatus),
  closeReason: text().nullable(),
  closedAt: timestamptz().nullable(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});
export type DealRow = RowOf<typeof dealsTable>;

/** Line items carry no currency of their own: their deal's is read beside them. */
const lineItemsTable = defineTable('deal_line_items', 'l', {
  id: uuid(),
  dealId: uuid(),
  productId: uuid(),
  description: text().nullable(),
  quantity: int(),
  unitPriceMinor: bigintText(),
  currency: text('d.currency'),
});

const stageChangesTable = defineTable('deal_stage_changes', 'c', {
  id: uuid(),
  dealId: uuid(),
  fromStageId: uuid().nullable(),
  toStageId: uuid(),
  fromStatus: oneOf(DealStatus).nullable(),
  toStatus: oneOf(DealStatus),
  changedBy: text().nullable(),
  changedAt: timestamptz(),
});

export const toDeal = (row: DealRow): Deal => ({ ...row, amount: moneyFromMinor(row.amountMinor, row.currency) });

const NOW = `date_trunc('milliseconds', now())`;
const RETURNING = `RETURNING ${dealsTable.columns}`;

export interface NewDeal {
  name: string;
  customerId: string;
  contactId: string | null;
  pipelineId: string;
  stageId: string;
  ownerId: string | null;
  amountMinor: bigint;
  currency: string;
  expectedCloseDate: string | null;
  leadId: string | null;
}

/** What an update of an open deal may change. */
export type DealChanges = Pick<DealRow, 'name' | 'amountMinor' | 'currency' | 'expectedCloseDate' | 'ownerId' | 'contactId'>;

export interface StageChange {
  dealId: string;
  fromStageId: string | null;
  toStageId: string;
  fromStatus: DealStatus | null;
  toStatus: DealStatus;
  changedBy: string | null;
}

/** All SQL of deals, their line items and their stage history; nothing else touches these tables. */
@Injectable()
export class DealsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertIn(manager: EntityManager, deal: NewDeal): Promise<DealRow> {
    const [row] = await dealsTable.many(
      manager,
      `INSERT INTO deals AS d (id, name, customer_id, contact_id, pipeline_id, stage_id, owner_id, amount_minor, currency, expected_close_date, lead_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ${RETURNING}`,
      [
        randomUUID(),
        deal.name,
        deal.customerId,
        deal.contactId,
        deal.pipelineId,
        deal.stageId,
        deal.ownerId,
        deal.amountMinor.toString(),
        deal.currency,
        deal.expectedCloseDate,
        deal.leadId,
      ],
    );
    return row;
  }

  /** The deal, locked until the caller commits: a concurrent change waits, then sees this one's result. */
  lockIn(manager: EntityManager, id: string): Promise<DealRow | undefined> {
    return dealsTable.one(manager, `SELECT ${dealsTable.columns} FROM deals d WHERE d.id = $1 FOR UPDATE`, [id]);
  }

  findIn(db: Queryable, id: string): Promise<DealRow | undefined> {
    return dealsTable.one(db, `SELECT ${dealsTable.columns} FROM deals d WHERE d.id = $1`, [id]);
  }

  async changeIn(manager: EntityManager, id: string, changes: DealChanges): Promise<DealRow> {
    return this.updated(
      manager,
      `UPDATE deals AS d SET name = $2, amount_minor = $3, currency = $4, expected_close_date = $5, owner_id = $6, contact_id = $7, updated_at = ${NOW}
       WHERE d.id = $1 ${RETURNING}`,
      [id, changes.name, changes.amountMinor, changes.currency, changes.expectedCloseDate, changes.ownerId, changes.contactId],
    );
  }

  setAmountIn(manager: EntityManager, id: string, amountMinor: string, currency: string): Promise<DealRow> {
    return this.updated(manager, `UPDATE deals AS d SET amount_minor = $2, currency = $3, updated_at = ${NOW} WHERE d.id = $1 ${RETURNING}`, [
      id,
      amountMinor,
      currency,
    ]);
  }

  setStageIn(manager: EntityManager, id: string, stageId: string): Promise<DealRow> {
    return this.updated(manager, `UPDATE deals AS d SET stage_id = $2, updated_at = ${NOW} WHERE d.id = $1 ${RETURNING}`, [id, stageId]);
  }

  closeIn(manager: EntityManager, id: string, outcome: DealStatus.WON | DealStatus.LOST, reason: string): Promise<DealRow> {
    return this.updated(manager, `UPDATE deals AS d SET status = $2, close_reason = $3, closed_at = ${NOW}, updated_at = ${NOW} WHERE d.id = $1 ${RETURNING}`, [
      id,
      outcome,
      reason,
    ]);
  }

  /** A contact merge: deals of the merged contacts name the survivor instead. Answers how many moved. */
  async reassignContactIn(manager: EntityManager, fromContactIds: readonly string[], toContactId: string): Promise<number> {
    const result = await manager.query(`UPDATE deals SET contact_id = $1 WHERE contact_id = ANY($2::uuid[]) RETURNING id`, [toContactId, [...fromContactIds]]);
    return returnedRows(result).length;
  }

  /** Whether the deal exists and is this customer's. */
  async belongsToCustomerIn(manager: EntityManager, dealId: string, customerId: string): Promise<boolean> {
    return returnedRows(await manager.query(`SELECT 1 FROM deals WHERE id = $1 AND customer_id = $2`, [dealId, customerId])).length > 0;
  }

  async findByIds(ids: readonly string[]): Promise<DealRow[]> {
    if (!ids.length) return [];
    return dealsTable.many(this.dataSource, `SELECT ${dealsTable.columns} FROM deals d WHERE d.id = ANY($1)`, [[...new Set(ids)]]);
  }

  /** Filtered, sorted and keyset-paginated in SQL. */
  async list(first: number, after: string | null | undefined, filter: DealsFilter | null | undefined, sort: SortOrder): Promise<Page<DealRow>> {
    const rows = await this.listQuery(first, after, filter, sort).getRawMany<unknown>();
    return toPage(rows.map(dealsTable.read), first);
  }

  /** The statement list() runs (exposed so its plan can be checked). */
  listQuery(first: number, after: string | null | undefined, filter: DealsFilter | null | undefined, sort: SortOrder): SelectQueryBuilder<ObjectLiteral> {
    const query = this.dataSource.createQueryBuilder().select(dealsTable.columns).from('deals', 'd');
    if (filter?.customerId) query.andWhere('d.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.pipelineId) query.andWhere('d.pipeline_id = :pipelineId', { pipelineId: filter.pipelineId });
    if (filter?.stageId) query.andWhere('d.stage_id = :stageId', { stageId: filter.stageId });
    if (filter?.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter?.ownerId) query.andWhere('d.owner_id = :ownerId', { ownerId: filter.ownerId });
    // The range is also stated on the indexed sort expression (deals_expected_close_id_idx) so the index
    // can serve it; the plain comparison keeps deals without a date out.
    if (filter?.expectedCloseFrom) {
      query.andWhere(`d.expected_close_date >= CAST(:closeFrom AS date) AND ${CLOSE_DATE_KEY} >= CAST(:closeFrom AS date)`, {
        closeFrom: filter.expectedCloseFrom,
      });
    }
    if (filter?.expectedCloseTo) {
      query.andWhere(`d.expected_close_date <= CAST(:closeTo AS date) AND ${CLOSE_DATE_KEY} <= CAST(:closeTo AS date)`, { closeTo: filter.expectedCloseTo });
    }
    applyKeyset(query, sort, 'd.id', first, after);
    return query;
  }

  /** Pages of several customers' deals (oldest first) in one statement. */
  async pagesByCustomer(customerIds: readonly string[], first: number, after?: string | null): Promise<Page<DealRow>[]> {
    const cursor = after ? decodeSortCursor(CUSTOMER_DEALS_ORDER, after) : null;
    const rows = await oldestPerParent(
      this.dataSource,
      dealsTable,
      'customer_id',
      customerIds,
      first + 1,
      cursor && { at: String(cursor.value), id: cursor.id },
    );
    return groupByKey(customerIds, rows, (r) => r.customerId).map((page) => toPage(page, first));
  }

  async lineItemsOf(dealIds: readonly string[], db: Queryable = this.dataSource): Promise<(DealLineItem & { dealId: string })[]> {
    const rows = await lineItemsTable.many(
      db,
      `SELECT ${lineItemsTable.columns} FROM deal_line_items l JOIN deals d ON d.id = l.deal_id WHERE l.deal_id = ANY($1) ORDER BY l.deal_id, l.position`,
      [[...new Set(dealIds)]],
    );
    return rows.map(({ unitPriceMinor, currency, ...line }) => ({ ...line, ...lineMoney({ unitPriceMinor, currency, quantity: line.quantity }) }));
  }

  async replaceLinesIn(manager: EntityManager, dealId: string, lines: readonly PricedLine[]): Promise<void> {
    await manager.query(`DELETE FROM deal_line_items WHERE deal_id = $1`, [dealId]);
    await this.insertLinesIn(manager, dealId, lines);
  }

  async insertLinesIn(manager: EntityManager, dealId: string, lines: readonly PricedLine[]): Promise<void> {
    if (!lines.length) return;
    await manager.query(
      `INSERT INTO deal_line_items (id, deal_id, position, product_id, description, quantity, unit_price_minor)
       SELECT gen_random_uuid(), $1, l.ord - 1, l.product_id, l.description, l.quantity, l.unit_price
       FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS l(product_id, description, quantity, unit_price, ord)`,
      [dealId, lines.map((l) => l.productId), lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceMinor.toString())],
    );
  }

  async historyOf(dealIds: readonly string[]): Promise<(DealStageChange & { dealId: string })[]> {
    return stageChangesTable.many(
      this.dataSource,
      `SELECT ${stageChangesTable.columns} FROM deal_stage_changes c WHERE c.deal_id = ANY($1) ORDER BY c.deal_id, c.changed_at, c.id`,
      [[...new Set(dealIds)]],
    );
  }

  /** Appends to the stage history; answers when the change happened. */
  async recordChangeIn(manager: EntityManager, change: StageChange): Promise<Date> {
    const [row] = await stageChangesTable.many(
      manager,
      `INSERT INTO deal_stage_changes AS c (id, deal_id, from_stage_id, to_stage_id, from_status, to_status, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${stageChangesTable.columns}`,
      [randomUUID(), change.dealId, change.fromStageId, change.toStageId, change.fromStatus, change.toStatus, change.changedBy],
    );
    return row.changedAt;
  }

  /** The deal an UPDATE ... RETURNING changed; the caller holds its lock, so it is there. */
  private async updated(manager: EntityManager, sql: string, params: unknown[]): Promise<DealRow> {
    const row = await dealsTable.one(manager, sql, params);
    if (!row) throw new Error(`deals: ${params[0]} vanished under its lock`);
    return row;
  }
}
