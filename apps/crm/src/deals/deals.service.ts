import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Identity } from '@platform/auth';
import { dealLostV1, dealStageChangedV1, dealWonV1, type EventData, Outbox } from '@platform/events';
import { applyKeyset, badUserInput, decodeSortCursor, isUuid, moneyFromMinor, notFound, type Page, type SortOrder, toPage } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { closedRefusal, dealAmount, type LineInput, moveRefusal, type PricedLine, priceLines } from './deal-rules';
import { type Deal, type DealLineItem, type DealStageChange, DealStatus } from './deal.model';
import type { CreateDealInput } from './dto/create-deal.input';
import { DealSortDirection, DealSortField, type DealSort, type DealsFilter } from './dto/deals-filter.input';
import type { UpdateDealInput } from './dto/update-deal.input';

/** A deals row as SQL returns it (amount as a bigint string, dates as YYYY-MM-DD). */
export interface DealRow extends Omit<Deal, 'amount'> {
  amountMinor: string;
}

export const DEAL_COLUMNS = `d.id, d.name, d.customer_id AS "customerId", d.contact_id AS "contactId", d.pipeline_id AS "pipelineId",
  d.stage_id AS "stageId", d.owner_id AS "ownerId", d.amount_minor::text AS "amountMinor", d.currency,
  to_char(d.expected_close_date, 'YYYY-MM-DD') AS "expectedCloseDate", d.status, d.close_reason AS "closeReason",
  d.closed_at AS "closedAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

/** Deals sort after this date when they have no expected close date (a cursor must carry a real date). */
const NO_CLOSE_DATE = '9999-12-31';
const CLOSE_DATE_KEY = `coalesce(d.expected_close_date, DATE '${NO_CLOSE_DATE}')`;

export function dealSortOrder(sort?: DealSort | null): SortOrder {
  const field = sort?.field ?? DealSortField.CREATED_AT;
  const direction = sort?.direction ?? DealSortDirection.ASC;
  const tag = `deals.${field}.${direction}`;
  switch (field) {
    case DealSortField.AMOUNT:
      return { tag, expression: 'd.amount_minor', type: 'bigint', direction };
    case DealSortField.EXPECTED_CLOSE_DATE:
      return { tag, expression: CLOSE_DATE_KEY, type: 'date', direction };
    default:
      return { tag, expression: 'd.created_at', type: 'timestamptz', direction };
  }
}

export function dealSortValue(sort: SortOrder, deal: Deal): string | Date {
  if (sort.type === 'bigint') return deal.amountMinor;
  if (sort.type === 'date') return deal.expectedCloseDate ?? NO_CLOSE_DATE;
  return deal.createdAt;
}

export const toDeal = (row: DealRow): Deal => ({ ...row, amount: moneyFromMinor(row.amountMinor, row.currency) });

/** The row an UPDATE ... RETURNING changed (the driver answers [rows, count] for updates). */
async function updated(manager: EntityManager, sql: string, params: unknown[]): Promise<DealRow> {
  const result = await manager.query(sql, params);
  const rows: DealRow[] = Array.isArray(result[0]) ? result[0] : result;
  return rows[0];
}

const CUSTOMER_DEALS_ORDER: SortOrder = dealSortOrder({ field: DealSortField.CREATED_AT, direction: DealSortDirection.ASC });

@Injectable()
export class DealsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** The deal, its line items, its first stage-history row and crm.deal.stage-changed commit together. */
  async create(input: CreateDealInput, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction((manager) => this.createWith(manager, input, actor));
  }

  /** create() inside a caller's transaction (e.g. a lead conversion that also creates the deal). */
  async createWith(manager: EntityManager, input: CreateDealInput, actor?: Identity, origin: { leadId?: string } = {}): Promise<Deal> {
    const amount = dealAmount(input.lineItems, input.amount);
    if (!(await manager.query(`SELECT 1 FROM customers WHERE id = $1`, [input.customerId])).length) throw notFound('Customer', input.customerId);
    if (input.contactId) await this.checkContact(manager, input.contactId, input.customerId);
    const stage = await this.placement(manager, input.pipelineId ?? null, input.stageId ?? null);
    const [row]: DealRow[] = await manager.query(
      `INSERT INTO deals AS d (id, name, customer_id, contact_id, pipeline_id, stage_id, owner_id, amount_minor, currency, expected_close_date, lead_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING ${DEAL_COLUMNS}`,
      [randomUUID(), input.name, input.customerId, input.contactId ?? null, stage.pipelineId, stage.id, input.ownerId ?? actor?.sub ?? null, amount.minor.toString(), amount.currency, input.expectedCloseDate ?? null, origin.leadId ?? null],
    );
    await this.insertLines(manager, row.id, amount.lines);
    await this.recordChange(manager, row.id, null, stage.id, null, DealStatus.OPEN, actor);
    await this.emitStageChanged(manager, row, null, stage.probability, row.createdAt);
    return toDeal(row);
  }

  async update(id: string, input: UpdateDealInput, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lock(manager, id);
      const closed = closedRefusal(deal);
      if (closed) throw closed;
      if (input.contactId) await this.checkContact(manager, input.contactId, deal.customerId);
      let amountMinor = deal.amountMinor;
      let currency = deal.currency;
      if (input.amount) {
        const lines = await this.lineItemsOf([id], manager);
        const priced = dealAmount(
          lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
          input.amount,
        );
        amountMinor = priced.minor.toString();
        currency = priced.currency;
      }
      const row = await updated(
        manager,
        `UPDATE deals AS d SET name = $2, amount_minor = $3, currency = $4, expected_close_date = $5, owner_id = $6, contact_id = $7,
           updated_at = date_trunc('milliseconds', now())
         WHERE d.id = $1 RETURNING ${DEAL_COLUMNS}`,
        [
          id,
          input.name ?? deal.name,
          amountMinor,
          currency,
          input.expectedCloseDate !== undefined ? input.expectedCloseDate : deal.expectedCloseDate,
          input.ownerId ?? deal.ownerId,
          input.contactId !== undefined ? input.contactId : deal.contactId,
        ],
      );
      await this.audit.record(manager, actor, 'updateDeal', id, { fields: Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined) });
      return toDeal(row);
    });
  }

  /** Replaces the line items; the amount becomes their sum (no lines: the amount stays as it was). */
  async setLineItems(id: string, lines: LineInput[], actor?: Identity): Promise<Deal> {
    const priced = priceLines(lines);
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lock(manager, id);
      const closed = closedRefusal(deal);
      if (closed) throw closed;
      await manager.query(`DELETE FROM deal_line_items WHERE deal_id = $1`, [id]);
      await this.insertLines(manager, id, priced?.lines ?? []);
      const row = await updated(
        manager,
        `UPDATE deals AS d SET amount_minor = $2, currency = $3, updated_at = date_trunc('milliseconds', now()) WHERE d.id = $1 RETURNING ${DEAL_COLUMNS}`,
        [id, priced ? priced.totalMinor.toString() : deal.amountMinor, priced?.currency ?? deal.currency],
      );
      await this.audit.record(manager, actor, 'setDealLineItems', id, { lines: lines.length });
      return toDeal(row);
    });
  }

  /** The row lock makes a concurrent move or close wait, then see this one's result. */
  async moveStage(id: string, stageId: string, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lock(manager, id);
      const [stage] = isUuid(stageId)
        ? await manager.query(`SELECT id, pipeline_id AS "pipelineId", name, probability FROM pipeline_stages WHERE id = $1`, [stageId])
        : [];
      if (!stage) throw notFound('Stage', stageId);
      const refusal = moveRefusal(deal, stage);
      if (refusal) throw refusal;
      const row = await updated(
        manager,
        `UPDATE deals AS d SET stage_id = $2, updated_at = date_trunc('milliseconds', now()) WHERE d.id = $1 RETURNING ${DEAL_COLUMNS}`,
        [id, stageId],
      );
      const changedAt = await this.recordChange(manager, id, deal.stageId, stageId, DealStatus.OPEN, DealStatus.OPEN, actor);
      await this.emitStageChanged(manager, row, deal.stageId, stage.probability, changedAt);
      return toDeal(row);
    });
  }

  /** Won or lost for good: status, reason, history row, the event and the audit entry commit together. */
  async close(id: string, outcome: DealStatus.WON | DealStatus.LOST, reason: string, actor?: Identity): Promise<Deal> {
    const why = (reason ?? '').trim();
    if (!why.length || why.length > 500) throw badUserInput('reason must be 1 to 500 characters', { reason: ['must be 1 to 500 characters'] });
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lock(manager, id);
      const closed = closedRefusal(deal);
      if (closed) throw closed;
      const row = await updated(
        manager,
        `UPDATE deals AS d SET status = $2, close_reason = $3, closed_at = date_trunc('milliseconds', now()), updated_at = date_trunc('milliseconds', now())
         WHERE d.id = $1 RETURNING ${DEAL_COLUMNS}`,
        [id, outcome, why],
      );
      await this.recordChange(manager, id, deal.stageId, deal.stageId, DealStatus.OPEN, outcome, actor);
      const closedAt = (row.closedAt as Date).toISOString();
      const amount = moneyFromMinor(row.amountMinor, row.currency);
      if (outcome === DealStatus.WON) {
        const lines = await this.lineItemsOf([id], manager);
        const data: EventData<typeof dealWonV1> = {
          dealId: id,
          customerId: row.customerId,
          contactId: row.contactId,
          ownerId: row.ownerId,
          amount,
          lineItems: lines.map((l) => ({ productId: l.productId, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice })),
          reason: why,
          wonAt: closedAt,
        };
        await this.outbox.emit(manager, dealWonV1, id, data, { time: row.closedAt as Date });
      } else {
        const data: EventData<typeof dealLostV1> = { dealId: id, customerId: row.customerId, amount, reason: why, lostAt: closedAt };
        await this.outbox.emit(manager, dealLostV1, id, data, { time: row.closedAt as Date });
      }
      await this.audit.record(manager, actor, outcome === DealStatus.WON ? 'winDeal' : 'loseDeal', id, { reason: why, amount });
      return toDeal(row);
    });
  }

  async get(id: string): Promise<Deal> {
    const [deal] = await this.findByIds([id]);
    if (!deal) throw notFound('Deal', id);
    return deal;
  }

  async findByIds(ids: readonly string[]): Promise<Deal[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    const rows: DealRow[] = await this.dataSource.query(`SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.id = ANY($1)`, [valid]);
    return rows.map(toDeal);
  }

  /** Filtered, sorted and keyset-paginated in SQL. */
  async list(first: number, after: string | null | undefined, filter: DealsFilter | null | undefined, sort: SortOrder): Promise<Page<Deal>> {
    const rows = await this.listQuery(first, after, filter, sort).getRawMany<DealRow>();
    return toPage(rows.map(toDeal), first);
  }

  /** The statement list() runs (exposed so its plan can be checked). */
  listQuery(first: number, after: string | null | undefined, filter: DealsFilter | null | undefined, sort: SortOrder): SelectQueryBuilder<ObjectLiteral> {
    const query = this.dataSource.createQueryBuilder().select(DEAL_COLUMNS).from('deals', 'd');
    if (filter?.customerId) query.andWhere('d.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.pipelineId) query.andWhere('d.pipeline_id = :pipelineId', { pipelineId: filter.pipelineId });
    if (filter?.stageId) query.andWhere('d.stage_id = :stageId', { stageId: filter.stageId });
    if (filter?.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter?.ownerId) query.andWhere('d.owner_id = :ownerId', { ownerId: filter.ownerId });
    // The range is also stated on the indexed sort expression (deals_expected_close_id_idx) so the index
    // can serve it; the plain comparison keeps deals without a date out.
    if (filter?.expectedCloseFrom) {
      query.andWhere(`d.expected_close_date >= CAST(:closeFrom AS date) AND ${CLOSE_DATE_KEY} >= CAST(:closeFrom AS date)`, { closeFrom: filter.expectedCloseFrom });
    }
    if (filter?.expectedCloseTo) {
      query.andWhere(`d.expected_close_date <= CAST(:closeTo AS date) AND ${CLOSE_DATE_KEY} <= CAST(:closeTo AS date)`, { closeTo: filter.expectedCloseTo });
    }
    applyKeyset(query, sort, 'd.id', first, after);
    return query;
  }

  /** Pages of several customers' deals (oldest first) in one statement. */
  async pagesByCustomer(customerIds: readonly string[], first: number, after?: string | null): Promise<Page<Deal>[]> {
    const valid = [...new Set(customerIds.filter(isUuid))];
    const params: unknown[] = [valid, first + 1];
    let past = '';
    if (after) {
      const { value, id } = decodeSortCursor(CUSTOMER_DEALS_ORDER, after);
      params.push(value, id);
      past = `AND (d.created_at, d.id) > (CAST($3 AS timestamptz), CAST($4 AS uuid))`;
    }
    const rows: (DealRow & { rn: string })[] = valid.length
      ? await this.dataSource.query(
          `SELECT * FROM (
             SELECT ${DEAL_COLUMNS}, row_number() OVER (PARTITION BY d.customer_id ORDER BY d.created_at, d.id) AS rn
             FROM deals d WHERE d.customer_id = ANY($1) ${past}
           ) x WHERE x.rn <= $2 ORDER BY x."customerId", x.rn`,
          params,
        )
      : [];
    return customerIds.map((customerId) =>
      toPage(
        rows.filter((r) => r.customerId === customerId).map(({ rn: _rn, ...row }) => toDeal(row)),
        first,
      ),
    );
  }

  async lineItemsOf(dealIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<(DealLineItem & { dealId: string })[]> {
    const rows: { id: string; dealId: string; productId: string; description: string | null; quantity: number; unitPriceMinor: string; currency: string }[] =
      await manager.query(
        `SELECT l.id, l.deal_id AS "dealId", l.product_id AS "productId", l.description, l.quantity, l.unit_price_minor::text AS "unitPriceMinor", d.currency
         FROM deal_line_items l JOIN deals d ON d.id = l.deal_id
         WHERE l.deal_id = ANY($1) ORDER BY l.deal_id, l.position`,
        [[...new Set(dealIds)]],
      );
    return rows.map((r) => ({
      id: r.id,
      dealId: r.dealId,
      productId: r.productId,
      description: r.description,
      quantity: r.quantity,
      unitPrice: moneyFromMinor(r.unitPriceMinor, r.currency),
      total: moneyFromMinor(BigInt(r.unitPriceMinor) * BigInt(r.quantity), r.currency),
    }));
  }

  async historyOf(dealIds: readonly string[]): Promise<(DealStageChange & { dealId: string })[]> {
    return this.dataSource.query(
      `SELECT id, deal_id AS "dealId", from_stage_id AS "fromStageId", to_stage_id AS "toStageId", from_status AS "fromStatus",
              to_status AS "toStatus", changed_by AS "changedBy", changed_at AS "changedAt"
       FROM deal_stage_changes WHERE deal_id = ANY($1) ORDER BY deal_id, changed_at, id`,
      [[...new Set(dealIds)]],
    );
  }

  private async lock(manager: EntityManager, id: string): Promise<DealRow> {
    const [deal]: DealRow[] = isUuid(id) ? await manager.query(`SELECT ${DEAL_COLUMNS} FROM deals d WHERE d.id = $1 FOR UPDATE`, [id]) : [];
    if (!deal) throw notFound('Deal', id);
    return deal;
  }

  private async checkContact(manager: EntityManager, contactId: string, customerId: string): Promise<void> {
    // KEY SHARE holds off a merge deleting the contact until this deal is committed (the merge then
    // moves it to the survivor); a merge already under way is waited for, and its contact is gone.
    const [contact] = await manager.query(`SELECT customer_id AS "customerId" FROM contacts WHERE id = $1 FOR KEY SHARE`, [contactId]);
    if (!contact) throw notFound('Contact', contactId);
    if (contact.customerId && contact.customerId !== customerId) {
      throw badUserInput(`Contact ${contactId} belongs to another customer (${contact.customerId})`, { contactId: ['belongs to another customer'] });
    }
  }

  /** Where a new deal starts: the stage given (its pipeline when none is given), else the first stage of the pipeline given or the default one. */
  private async placement(manager: EntityManager, pipelineId: string | null, stageId: string | null): Promise<{ id: string; pipelineId: string; probability: number }> {
    const STAGE = `SELECT id, pipeline_id AS "pipelineId", probability FROM pipeline_stages`;
    if (pipelineId && !(await manager.query(`SELECT 1 FROM pipelines WHERE id = $1`, [pipelineId])).length) throw notFound('Pipeline', pipelineId);
    if (stageId) {
      const [stage] = await manager.query(`${STAGE} WHERE id = $1`, [stageId]);
      if (!stage) throw notFound('Stage', stageId);
      if (pipelineId && stage.pipelineId !== pipelineId) {
        throw badUserInput(`Stage ${stageId} belongs to another pipeline than ${pipelineId}`, { stageId: ['belongs to another pipeline'] });
      }
      return stage;
    }
    const [stage] = pipelineId
      ? await manager.query(`${STAGE} WHERE pipeline_id = $1 ORDER BY position LIMIT 1`, [pipelineId])
      : await manager.query(`${STAGE} WHERE pipeline_id = (SELECT id FROM pipelines WHERE is_default) ORDER BY position LIMIT 1`);
    if (!stage) throw notFound('Pipeline', pipelineId ?? 'default');
    return stage;
  }

  private async insertLines(manager: EntityManager, dealId: string, lines: PricedLine[]): Promise<void> {
    if (!lines.length) return;
    await manager.query(
      `INSERT INTO deal_line_items (id, deal_id, position, product_id, description, quantity, unit_price_minor)
       SELECT gen_random_uuid(), $1, l.ord - 1, l.product_id, l.description, l.quantity, l.unit_price
       FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS l(product_id, description, quantity, unit_price, ord)`,
      [dealId, lines.map((l) => l.productId), lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceMinor.toString())],
    );
  }

  private async recordChange(
    manager: EntityManager,
    dealId: string,
    fromStageId: string | null,
    toStageId: string,
    fromStatus: DealStatus | null,
    toStatus: DealStatus,
    actor?: Identity,
  ): Promise<Date> {
    const [row] = await manager.query(
      `INSERT INTO deal_stage_changes (id, deal_id, from_stage_id, to_stage_id, from_status, to_status, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING changed_at AS "changedAt"`,
      [randomUUID(), dealId, fromStageId, toStageId, fromStatus, toStatus, actor?.sub ?? null],
    );
    return row.changedAt;
  }

  private async emitStageChanged(manager: EntityManager, deal: DealRow, fromStageId: string | null, probability: number, changedAt: Date): Promise<void> {
    const data: EventData<typeof dealStageChangedV1> = {
      dealId: deal.id,
      customerId: deal.customerId,
      pipelineId: deal.pipelineId,
      fromStageId,
      toStageId: deal.stageId,
      probability,
      changedAt: changedAt.toISOString(),
    };
    await this.outbox.emit(manager, dealStageChangedV1, deal.id, data, { time: changedAt });
  }
}
