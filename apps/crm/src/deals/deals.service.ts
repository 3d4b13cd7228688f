import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, moneyFromMinor, notFound, type Page, type SortOrder } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { lockContactIn } from '../contacts/contact-locks';
import { CustomersService } from '../customers/customers.service';
import { PipelinesService } from '../pipelines/pipelines.service';
import { emitClosed, emitStageChanged } from './deal-events';
import { type LineInput, priceLines } from '../shared/line-pricing';
import { closedRefusal, dealAmount, moveRefusal } from './deal-rules';
import { type Deal, type DealLineItem, type DealStageChange, DealStatus } from './deal.model';
import { type DealRow, DealsRepository, toDeal } from './deals.repository';
import type { CreateDealInput } from './dto/create-deal.input';
import type { DealsFilter } from './dto/deals-filter.input';
import type { UpdateDealInput } from './dto/update-deal.input';

/** Deal commands and their rules; the SQL is in DealsRepository. */
@Injectable()
export class DealsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DealsRepository,
    private readonly customers: CustomersService,
    private readonly pipelines: PipelinesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** The deal, its line items, its first stage-history row and crm.deal.stage-changed commit together. */
  async create(input: CreateDealInput, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction((manager) => this.createIn(manager, input, actor));
  }

  /** create() inside a caller's transaction (e.g. a lead conversion that also creates the deal, naming the lead). */
  async createIn(manager: EntityManager, input: CreateDealInput, actor?: Identity, origin: { leadId?: string } = {}): Promise<Deal> {
    const amount = dealAmount(input.lineItems, input.amount);
    if (!(await this.customers.existsIn(manager, input.customerId))) throw notFound('Customer', input.customerId);
    if (input.contactId) await this.checkContact(manager, input.contactId, input.customerId);
    const stage = await this.pipelines.startStageIn(manager, input.pipelineId ?? null, input.stageId ?? null);
    const row = await this.repository.insertIn(manager, {
      name: input.name,
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      ownerId: input.ownerId ?? actor?.sub ?? null,
      amountMinor: amount.minor,
      currency: amount.currency,
      expectedCloseDate: input.expectedCloseDate ?? null,
      leadId: origin.leadId ?? null,
    });
    await this.repository.insertLinesIn(manager, row.id, amount.lines);
    const changedAt = await this.repository.recordChangeIn(manager, {
      dealId: row.id,
      fromStageId: null,
      toStageId: stage.id,
      fromStatus: null,
      toStatus: DealStatus.OPEN,
      changedBy: actor?.sub ?? null,
    });
    await emitStageChanged(this.outbox, manager, row, { fromStageId: null, probability: stage.probability, changedAt });
    return toDeal(row);
  }

  async update(id: string, input: UpdateDealInput, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lockOpen(manager, id);
      if (input.contactId) await this.checkContact(manager, input.contactId, deal.customerId);
      let { amountMinor, currency } = deal;
      if (input.amount) {
        const lines = await this.repository.lineItemsOf([id], manager);
        const priced = dealAmount(lines, input.amount);
        amountMinor = priced.minor.toString();
        currency = priced.currency;
      }
      const row = await this.repository.changeIn(manager, id, {
        name: input.name ?? deal.name,
        amountMinor,
        currency,
        expectedCloseDate: input.expectedCloseDate !== undefined ? input.expectedCloseDate : deal.expectedCloseDate,
        ownerId: input.ownerId ?? deal.ownerId,
        contactId: input.contactId !== undefined ? input.contactId : deal.contactId,
      });
      const fields = Object.entries(input)
        .filter(([, value]) => value !== undefined)
        .map(([field]) => field);
      await this.audit.record(manager, actor, 'updateDeal', id, { fields });
      return toDeal(row);
    });
  }

  /** Replaces the line items; the amount becomes their sum (no lines: the amount stays as it was). */
  async setLineItems(id: string, lines: LineInput[], actor?: Identity): Promise<Deal> {
    const priced = priceLines(lines);
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lockOpen(manager, id);
      await this.repository.replaceLinesIn(manager, id, priced?.lines ?? []);
      const row = await this.repository.setAmountIn(manager, id, priced ? priced.totalMinor.toString() : deal.amountMinor, priced?.currency ?? deal.currency);
      await this.audit.record(manager, actor, 'setDealLineItems', id, { lines: lines.length });
      return toDeal(row);
    });
  }

  /** The row lock makes a concurrent move or close wait, then see this one's result. */
  async moveStage(id: string, stageId: string, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lock(manager, id);
      const stage = await this.pipelines.stageIn(manager, stageId);
      const refusal = moveRefusal(deal, stage);
      if (refusal) throw refusal;
      const row = await this.repository.setStageIn(manager, id, stageId);
      const changedAt = await this.repository.recordChangeIn(manager, {
        dealId: id,
        fromStageId: deal.stageId,
        toStageId: stageId,
        fromStatus: DealStatus.OPEN,
        toStatus: DealStatus.OPEN,
        changedBy: actor?.sub ?? null,
      });
      await emitStageChanged(this.outbox, manager, row, { fromStageId: deal.stageId, probability: stage.probability, changedAt });
      return toDeal(row);
    });
  }

  /** Won or lost for good: status, reason (trimmed, 1 to 500 characters: CloseDealArgs), history row, the event and the audit entry commit together. */
  async close(id: string, outcome: DealStatus.WON | DealStatus.LOST, reason: string, actor?: Identity): Promise<Deal> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.lockOpen(manager, id);
      const row = await this.repository.closeIn(manager, id, outcome, reason);
      await this.repository.recordChangeIn(manager, {
        dealId: id,
        fromStageId: deal.stageId,
        toStageId: deal.stageId,
        fromStatus: DealStatus.OPEN,
        toStatus: outcome,
        changedBy: actor?.sub ?? null,
      });
      await emitClosed(this.outbox, manager, row, outcome === DealStatus.WON ? await this.repository.lineItemsOf([id], manager) : []);
      const amount = moneyFromMinor(row.amountMinor, row.currency);
      await this.audit.record(manager, actor, outcome === DealStatus.WON ? 'winDeal' : 'loseDeal', id, { reason, amount });
      return toDeal(row);
    });
  }

  async get(id: string): Promise<Deal> {
    const [deal] = await this.findByIds([id]);
    if (!deal) throw notFound('Deal', id);
    return deal;
  }

  /** The deal, in the caller's transaction; NOT_FOUND names the id. */
  async getIn(manager: EntityManager, id: string): Promise<Deal> {
    const row = await this.repository.findIn(manager, id);
    if (!row) throw notFound('Deal', id);
    return toDeal(row);
  }

  async findByIds(ids: readonly string[]): Promise<Deal[]> {
    return (await this.repository.findByIds(ids)).map(toDeal);
  }

  /** Filtered, sorted and keyset-paginated in SQL. */
  async list(first: number, after: string | null | undefined, filter: DealsFilter | null | undefined, sort: SortOrder): Promise<Page<Deal>> {
    const page = await this.repository.list(first, after, filter, sort);
    return { ...page, nodes: page.nodes.map(toDeal) };
  }

  /** Pages of several customers' deals (oldest first) in one statement. */
  async pagesByCustomer(customerIds: readonly string[], first: number, after?: string | null): Promise<Page<Deal>[]> {
    return (await this.repository.pagesByCustomer(customerIds, first, after)).map((page) => ({ ...page, nodes: page.nodes.map(toDeal) }));
  }

  lineItemsOf(dealIds: readonly string[], manager?: EntityManager): Promise<(DealLineItem & { dealId: string })[]> {
    return this.repository.lineItemsOf(dealIds, manager);
  }

  historyOf(dealIds: readonly string[]): Promise<(DealStageChange & { dealId: string })[]> {
    return this.repository.historyOf(dealIds);
  }

  /** A contact merge, in its transaction: the merged contacts' deals name the survivor. Answers how many moved. */
  reassignContactIn(manager: EntityManager, fromContactIds: readonly string[], toContactId: string): Promise<number> {
    return this.repository.reassignContactIn(manager, fromContactIds, toContactId);
  }

  /** Whether the deal exists and is this customer's (a reported timeline entry links only such a deal). */
  belongsToCustomerIn(manager: EntityManager, dealId: string, customerId: string): Promise<boolean> {
    return this.repository.belongsToCustomerIn(manager, dealId, customerId);
  }

  private async lock(manager: EntityManager, id: string): Promise<DealRow> {
    const deal = await this.repository.lockIn(manager, id);
    if (!deal) throw notFound('Deal', id);
    return deal;
  }

  /** The deal locked, refused when it is already won or lost. */
  private async lockOpen(manager: EntityManager, id: string): Promise<DealRow> {
    const deal = await this.lock(manager, id);
    const closed = closedRefusal(deal);
    if (closed) throw closed;
    return deal;
  }

  private async checkContact(manager: EntityManager, contactId: string, customerId: string): Promise<void> {
    const contact = await lockContactIn(manager, contactId);
    if (!contact) throw notFound('Contact', contactId);
    if (contact.customerId && contact.customerId !== customerId) {
      throw badUserInput(`Contact ${contactId} belongs to another customer (${contact.customerId})`, { contactId: ['belongs to another customer'] });
    }
  }
}
