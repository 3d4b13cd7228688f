import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Identity } from '@platform/auth';
import { type EventData, Outbox, ticketOpenedV1, ticketResolvedV1 } from '@platform/events';
import { applyKeyset, badUserInput, DomainError, notFound, type Page, type SortOrder, toPage } from '@platform/graphql';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityKind } from '../activities/activity.model';
import { LinkedRecords } from '../activities/linked-records';
import type { OpenTicketInput } from './dto/open-ticket.input';
import type { TicketFilterInput, TicketSortInput } from './dto/ticket-query.input';
import type { UpdateTicketInput } from './dto/update-ticket.input';
import { SupportReport, type Ticket, TicketSortField, TicketStatus } from './ticket.model';
import { assertTicketTransition, TICKET_CLOSED } from './ticket-transitions';

const NOW = `date_trunc('milliseconds', now())`;
const seconds = (from: string, to: string) => `(CASE WHEN ${to} IS NOT NULL THEN greatest(0, floor(extract(epoch FROM ${to} - ${from})))::int END)`;

export const TICKET_COLUMNS = `t.id AS id, t.number::int AS number, t.subject AS subject, t.description AS description,
  t.customer_id AS "customerId", t.contact_id AS "contactId", t.priority AS priority, t.status AS status, t.assignee_id AS "assigneeId",
  t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt", t.closed_at AS "closedAt",
  ${seconds('t.created_at', 't.first_response_at')} AS "firstResponseSeconds", ${seconds('t.created_at', 't.resolved_at')} AS "resolutionSeconds",
  t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** The newest $2 tickets of each customer in $1; a window over all of a customer's tickets would read them all. */
export const LATEST_TICKETS_BY_CUSTOMERS = `SELECT x.* FROM unnest($1::uuid[]) AS c(id)
  CROSS JOIN LATERAL (SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.customer_id = c.id ORDER BY t.created_at DESC, t.id DESC LIMIT $2) x
  ORDER BY c.id, x."createdAt" DESC, x.id DESC`;

/** Matches tickets_priority_rank_idx (migration 1763900006000) exactly. */
export const PRIORITY_RANK = `(CASE t.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END)`;
export const priorityRank = (priority: string) => ['low', 'normal', 'high', 'urgent'].indexOf(priority);

export const ticketOrder = (field: TicketSortField, direction: 'ASC' | 'DESC'): SortOrder =>
  field === TicketSortField.PRIORITY
    ? { tag: `tickets.priority.${direction}`, expression: PRIORITY_RANK, type: 'int', direction }
    : { tag: `tickets.created.${direction}`, expression: 't.created_at', type: 'timestamptz', direction };

@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly activities: ActivitiesService,
    private readonly links: LinkedRecords,
  ) {}

  /** The ticket and its crm.ticket.opened event commit together. */
  async open(input: OpenTicketInput): Promise<Ticket> {
    return this.dataSource.transaction(async (manager) => {
      const links = await this.links.resolveIn(manager, { customerId: input.customerId, contactId: input.contactId });
      const [ticket]: Ticket[] = await manager.query(
        `INSERT INTO tickets AS t (id, subject, description, customer_id, contact_id, priority, assignee_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TICKET_COLUMNS}`,
        [randomUUID(), input.subject, input.description ?? null, links.customerId, links.contactId, input.priority ?? 'normal', input.assigneeId ?? null],
      );
      const data: EventData<typeof ticketOpenedV1> = {
        ticketId: ticket.id,
        number: ticket.number,
        customerId: ticket.customerId,
        contactId: ticket.contactId,
        subject: ticket.subject,
        priority: ticket.priority,
        openedAt: ticket.createdAt.toISOString(),
      };
      await this.outbox.emit(manager, ticketOpenedV1, ticket.id, data, { time: ticket.createdAt });
      return ticket;
    });
  }

  /**
   * An agent's reply: an EMAIL entry on the requester's timeline (when the
   * ticket has a contact or customer), the first response time the first
   * time only, and OPEN becomes PENDING (waiting on the customer). The
   * message comes trimmed, 1 to 20000 characters (the resolver's rule).
   */
  async respond(id: string, message: string, actor: Identity | undefined): Promise<Ticket> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      if (current.status === TicketStatus.CLOSED) {
        throw new DomainError(TICKET_CLOSED, `Ticket #${current.number} is CLOSED: open a new ticket to continue the conversation`, { id, status: 'CLOSED' });
      }
      const [rows]: [Ticket[], number] = await manager.query(
        `UPDATE tickets AS t SET first_response_at = coalesce(t.first_response_at, ${NOW}),
           status = CASE WHEN t.status = 'open' THEN 'pending' ELSE t.status END, updated_at = ${NOW}
         WHERE t.id = $1 RETURNING ${TICKET_COLUMNS}`,
        [id],
      );
      if (current.customerId || current.contactId) {
        await this.activities.appendIn(manager, {
          kind: ActivityKind.EMAIL,
          subject: `Re: [#${current.number}] ${current.subject}`,
          body: message,
          links: { customerId: current.customerId, contactId: current.contactId, dealId: null, leadId: null },
          actor: actor?.sub ?? 'anonymous',
        });
      }
      return rows[0];
    });
  }

  async update(id: string, input: UpdateTicketInput): Promise<Ticket> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      if (current.status === TicketStatus.CLOSED) {
        throw new DomainError(TICKET_CLOSED, `Ticket #${current.number} is CLOSED: open a new ticket instead of changing it`, { id, status: 'CLOSED' });
      }
      const [rows]: [Ticket[], number] = await manager.query(
        `UPDATE tickets AS t SET priority = $2, assignee_id = $3, updated_at = ${NOW} WHERE t.id = $1 RETURNING ${TICKET_COLUMNS}`,
        [id, input.priority ?? current.priority, input.assigneeId === undefined ? current.assigneeId : input.assigneeId],
      );
      return rows[0];
    });
  }

  /**
   * Moves a ticket along its lifecycle (see assertTicketTransition). Leaving
   * OPEN without a response counts as the first response; RESOLVED stamps
   * resolved_at and emits crm.ticket.resolved; reopening clears it.
   */
  async setStatus(id: string, status: TicketStatus): Promise<Ticket> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      assertTicketTransition(current.status, status);
      const [rows]: [Ticket[], number] = await manager.query(
        `UPDATE tickets AS t SET status = $2,
           first_response_at = CASE WHEN t.status = 'open' THEN coalesce(t.first_response_at, ${NOW}) ELSE t.first_response_at END,
           resolved_at = CASE WHEN $2 = 'resolved' THEN ${NOW} WHEN $2 = 'open' THEN NULL ELSE t.resolved_at END,
           closed_at = CASE WHEN $2 = 'closed' THEN ${NOW} ELSE t.closed_at END,
           updated_at = ${NOW}
         WHERE t.id = $1 RETURNING ${TICKET_COLUMNS}`,
        [id, status],
      );
      const ticket = rows[0];
      if (status === TicketStatus.RESOLVED) {
        const resolvedAt = ticket.resolvedAt as Date;
        const data: EventData<typeof ticketResolvedV1> = {
          ticketId: ticket.id,
          customerId: ticket.customerId,
          contactId: ticket.contactId,
          firstResponseSeconds: ticket.firstResponseSeconds,
          resolutionSeconds: ticket.resolutionSeconds as number,
          resolvedAt: resolvedAt.toISOString(),
        };
        await this.outbox.emit(manager, ticketResolvedV1, ticket.id, data, { time: resolvedAt });
      }
      return ticket;
    });
  }

  async get(id: string): Promise<Ticket> {
    const [ticket]: Ticket[] = await this.dataSource.query(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = $1`, [id]);
    if (!ticket) throw notFound('Ticket', id);
    return ticket;
  }

  async list(first: number, after: string | null | undefined, filter: TicketFilterInput | null | undefined, sort: TicketSortInput): Promise<Page<Ticket>> {
    return toPage(await this.listQuery(first, after, filter, sort).getRawMany<Ticket>(), first);
  }

  /** The statement list() runs (exposed so its plan can be checked). */
  listQuery(
    first: number,
    after: string | null | undefined,
    filter: TicketFilterInput | null | undefined,
    sort: TicketSortInput,
  ): SelectQueryBuilder<ObjectLiteral> {
    const query = this.dataSource.createQueryBuilder().select(TICKET_COLUMNS).from('tickets', 't');
    if (filter?.status?.length) query.andWhere('t.status = ANY(:status)', { status: filter.status });
    if (filter?.priority?.length) query.andWhere('t.priority = ANY(:priority)', { priority: filter.priority });
    if (filter?.customerId) query.andWhere('t.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.assigneeId) query.andWhere('t.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    applyKeyset(query, ticketOrder(sort.field, sort.direction), 't.id', first, after);
    return query;
  }

  /** The newest `first + 1` tickets of each customer in one statement: a LIMIT per customer on tickets_customer_idx. */
  async latestByCustomers(customerIds: readonly string[], first: number): Promise<Map<string, Ticket[]>> {
    const rows: Ticket[] = await this.dataSource.query(LATEST_TICKETS_BY_CUSTOMERS, [[...new Set(customerIds)], first + 1]);
    const grouped = new Map<string, Ticket[]>();
    for (const ticket of rows) {
      const list = grouped.get(ticket.customerId as string) ?? [];
      list.push(ticket);
      grouped.set(ticket.customerId as string, list);
    }
    return grouped;
  }

  /** Over tickets whose resolved_at falls in [from, to): reopened tickets have none and drop out. */
  async report(from?: Date | null, to?: Date | null): Promise<SupportReport> {
    if (from && to && from >= to) throw badUserInput('from must be before to', { from: ['must be before to'] });
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS "resolvedCount",
         round(avg(extract(epoch FROM t.resolved_at - t.created_at)), 3)::float8 AS "averageResolutionSeconds",
         round(avg(extract(epoch FROM t.first_response_at - t.created_at)), 3)::float8 AS "averageFirstResponseSeconds"
       FROM tickets t
       WHERE t.resolved_at IS NOT NULL AND ($1::timestamptz IS NULL OR t.resolved_at >= $1) AND ($2::timestamptz IS NULL OR t.resolved_at < $2)`,
      [from ?? null, to ?? null],
    );
    return { from: from ?? null, to: to ?? null, ...row };
  }

  /** A merge: the tickets of contacts `fromIds` move to `toId`, in the caller's transaction. */
  async reassignContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    await manager.query(`UPDATE tickets SET contact_id = $1 WHERE contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  }

  private async lock(manager: EntityManager, id: string): Promise<Ticket> {
    const [ticket]: Ticket[] = await manager.query(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = $1 FOR UPDATE`, [id]);
    if (!ticket) throw notFound('Ticket', id);
    return ticket;
  }
}
