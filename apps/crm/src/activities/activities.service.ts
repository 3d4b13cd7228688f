import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { activityLoggedV1, type EventData, type EventOptions, Outbox } from '@platform/events';
import { applyKeyset, badUserInput, type Page, type SortOrder, toPage } from '@platform/graphql';
import { ContactsService } from '../contacts/contacts.service';
import { CustomersService } from '../customers/customers.service';
import { DealsService } from '../deals/deals.service';
import { LeadsService } from '../leads/leads.service';
import type { Activity, ActivityKind } from './activity.model';
import type { LogActivityInput } from './dto/log-activity.input';
import type { TimelineSubjectInput } from './dto/timeline-subject.input';
import { exactTime } from './exact-time';
import { type LinkIds, LinkedRecords } from './linked-records';

/** Newest first; the partial indexes activities_<subject>_idx hold (subject_id, occurred_at DESC, id DESC). */
export const TIMELINE_ORDER: SortOrder = { tag: 'timeline', expression: 'a.occurred_at', type: 'timestamptz', direction: 'DESC' };

export const ACTIVITY_COLUMNS = `a.id AS id, a.kind AS kind, a.subject AS subject, a.body AS body, a.customer_id AS "customerId",
  a.contact_id AS "contactId", a.deal_id AS "dealId", a.lead_id AS "leadId", a.actor AS actor,
  a.occurred_at AS "occurredAt", a.created_at AS "createdAt", ${exactTime('a.occurred_at')} AS "occurredKey"`;

/**
 * The newest $3 entries of each customer in $1 (of kinds $2, all when empty):
 * a LIMIT per customer on activities_customer_idx, so a long timeline costs
 * no more than a short one (a window over all rows would read them all).
 */
export const LATEST_BY_CUSTOMERS = `SELECT x.* FROM unnest($1::uuid[]) AS c(id)
  CROSS JOIN LATERAL (
    SELECT ${ACTIVITY_COLUMNS} FROM activities a
    WHERE a.customer_id = c.id AND (cardinality($2::text[]) = 0 OR a.kind = ANY($2::text[]))
    ORDER BY a.occurred_at DESC, a.id DESC LIMIT $3
  ) x
  ORDER BY c.id, x."occurredAt" DESC, x.id DESC`;

/** A row as read: the entry and the exact occurred_at its cursor carries. */
export type ActivityRow = Activity & { occurredKey?: string };

const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

const SUBJECTS = [
  ['customerId', 'customer_id'],
  ['contactId', 'contact_id'],
  ['dealId', 'deal_id'],
  ['leadId', 'lead_id'],
] as const;

/** A new timeline entry; links are already checked and the customer filled. */
export interface NewActivity {
  kind: ActivityKind | `${ActivityKind}`;
  /** Cut to the column's 300 characters: system entries quote titles from outside. */
  subject: string;
  /** Cut to the column's 20000 characters. */
  body?: string | null;
  links: Required<{ [K in keyof LinkIds]: string | null }>;
  actor: string;
  occurredAt?: Date | string;
}

/** How an entry is recorded besides its content. */
export interface AppendOptions {
  /**
   * What the entry records, once: a second entry with the same source (a
   * redelivered event, a resent email) adds nothing and emits nothing.
   */
  sourceEventId?: string;
  /** The event that caused the entry, for its crm.activity.logged event. */
  causation?: EventOptions['causation'];
  /**
   * False for entries that restate another service's event (an invoice
   * posted, an order shipped): that event is the announcement, crm adds none.
   */
  announce?: boolean;
}

@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly links: LinkedRecords,
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly deals: DealsService,
    private readonly leads: LeadsService,
  ) {}

  /** The entry and its crm.activity.logged event commit together, or neither does. */
  async log(input: LogActivityInput, actor: Identity | undefined): Promise<Activity> {
    if (!input.customerId && !input.contactId && !input.dealId && !input.leadId) {
      const fields = ['customerId', 'contactId', 'dealId', 'leadId'];
      throw badUserInput(
        'Link the activity to a customer, contact, deal or lead',
        Object.fromEntries(fields.map((f) => [f, ['one of customerId, contactId, dealId, leadId is required']])),
      );
    }
    if (input.occurredAt && input.occurredAt.getTime() > Date.now() + MAX_AHEAD_MS) {
      throw badUserInput('occurredAt is more than a day in the future: log what happened, or plan it as a task', {
        occurredAt: ['must be at most a day in the future'],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const links = await this.links.resolveIn(manager, input);
      const entry = {
        kind: input.kind,
        subject: input.subject,
        body: input.body,
        links,
        actor: actor?.sub ?? 'anonymous',
        occurredAt: input.occurredAt ?? undefined,
      };
      return this.appendIn(manager, entry);
    });
  }

  /**
   * The one way an entry is written: the row and its crm.activity.logged
   * event in the caller's transaction. Null when `sourceEventId` was already
   * recorded (nothing written, nothing emitted).
   */
  appendIn(manager: EntityManager, entry: NewActivity, options?: AppendOptions & { sourceEventId?: undefined }): Promise<Activity>;
  appendIn(manager: EntityManager, entry: NewActivity, options: AppendOptions): Promise<Activity | null>;
  async appendIn(manager: EntityManager, entry: NewActivity, options: AppendOptions = {}): Promise<Activity | null> {
    const [activity]: Activity[] = await manager.query(
      `INSERT INTO activities AS a (id, kind, subject, body, customer_id, contact_id, deal_id, lead_id, actor, source_event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, date_trunc('milliseconds', coalesce($11::timestamptz, now())))
       ON CONFLICT (source_event_id) DO NOTHING
       RETURNING ${ACTIVITY_COLUMNS}`,
      [
        randomUUID(),
        entry.kind,
        entry.subject.slice(0, 300),
        entry.body?.slice(0, 20000) ?? null,
        entry.links.customerId,
        entry.links.contactId,
        entry.links.dealId,
        entry.links.leadId,
        entry.actor,
        options.sourceEventId ?? null,
        entry.occurredAt ?? null,
      ],
    );
    if (!activity) return null;
    if (options.announce === false) return activity;
    const data: EventData<typeof activityLoggedV1> = {
      activityId: activity.id,
      kind: activity.kind,
      subject: activity.subject,
      customerId: activity.customerId,
      contactId: activity.contactId,
      dealId: activity.dealId,
      leadId: activity.leadId,
      actor: activity.actor,
      occurredAt: activity.occurredAt.toISOString(),
    };
    await this.outbox.emit(manager, activityLoggedV1, activity.id, data, { time: activity.occurredAt, causation: options.causation });
    return activity;
  }

  /** A merge: the entries of contacts `fromIds` move to `toId`, in the caller's transaction. */
  async reassignContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    await manager.query(`UPDATE activities SET contact_id = $1 WHERE contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  }

  /** A lead converted: its entries join the contact's and customer's timelines (links already set stay). */
  async attachLeadIn(manager: EntityManager, leadId: string, to: { contactId: string; customerId: string }): Promise<void> {
    await manager.query(`UPDATE activities SET contact_id = coalesce(contact_id, $2), customer_id = coalesce(customer_id, $3) WHERE lead_id = $1`, [
      leadId,
      to.contactId,
      to.customerId,
    ]);
  }

  /** One subject's entries, newest first, keyset-paginated; NOT_FOUND if the subject does not exist. */
  async timeline(subject: TimelineSubjectInput, first: number, after?: string | null, kinds?: ActivityKind[] | null): Promise<Page<ActivityRow>> {
    const named = SUBJECTS.filter(([key]) => subject[key]);
    if (named.length !== 1) {
      const fields = Object.fromEntries(SUBJECTS.map(([key]) => [key, ['give exactly one of customerId, contactId, dealId, leadId']]));
      throw badUserInput(`A timeline is of exactly one customer, contact, deal or lead; ${named.length} were given`, fields);
    }
    const [key, column] = named[0];
    // NOT_FOUND if the subject does not exist; a merged contact's id stands for its survivor, as everywhere else (contact, logActivity).
    const id = await this.subjectId(key, subject[key] as string);
    const query = this.dataSource.createQueryBuilder().select(ACTIVITY_COLUMNS).from('activities', 'a').where(`a.${column} = :id`, { id });
    if (kinds?.length) query.andWhere('a.kind = ANY(:kinds)', { kinds });
    applyKeyset(query, TIMELINE_ORDER, 'a.id', first, after);
    return toPage(await query.getRawMany<ActivityRow>(), first);
  }

  /** The id a timeline subject's entries are filed under, asked of the area that owns it; NOT_FOUND when there is none. */
  private async subjectId(key: (typeof SUBJECTS)[number][0], id: string): Promise<string> {
    switch (key) {
      case 'customerId':
        return (await this.customers.get(id)).id;
      case 'contactId':
        return (await this.contacts.get(id)).id;
      case 'dealId':
        return (await this.deals.get(id)).id;
      case 'leadId':
        return (await this.leads.get(id)).id;
    }
  }

  /**
   * The newest `first + 1` entries of each customer in one statement (the
   * extra row tells whether more follow), grouped by customer.
   */
  async latestByCustomers(customerIds: readonly string[], first: number, kinds?: ActivityKind[] | null): Promise<Map<string, ActivityRow[]>> {
    const rows: ActivityRow[] = await this.dataSource.query(LATEST_BY_CUSTOMERS, [[...new Set(customerIds)], kinds ?? [], first + 1]);
    const grouped = new Map<string, ActivityRow[]>();
    for (const activity of rows) {
      const list = grouped.get(activity.customerId as string) ?? [];
      list.push(activity);
      grouped.set(activity.customerId as string, list);
    }
    return grouped;
  }
}
