import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventEnvelope, invoicePaidV1, invoicePostedV1, on, orderShippedV1 } from '@platform/events';
import type { EventConsumer } from '@platform/service';
import { CustomersService } from '../customers/customers.service';
import { DealsService } from '../deals/deals.service';
import { ActivitiesService } from './activities.service';
import { ActivityKind } from './activity.model';

interface ReportedEntry {
  kind: ActivityKind;
  subject: string;
  body: string | null;
  customerId: string;
  dealId: string | null;
  actor: string;
  occurredAt: string;
}

/**
 * Puts what finance and inventory report about a customer on its timeline.
 * The event id is the entry's source_event_id, so a redelivered event adds
 * nothing even past the inbox; an event about a customer crm does not have
 * is skipped, since a foreign key violation would dead-letter it. The entry
 * announces nothing: the finance or inventory event is the announcement.
 */
@Injectable()
export class TimelineConsumer implements EventConsumer {
  private readonly logger = new Logger(TimelineConsumer.name);
  readonly group = 'crm.timeline';
  readonly bindings = [
    on(invoicePostedV1, (data, event, manager) =>
      this.add(event, manager, {
        kind: ActivityKind.INVOICE_POSTED,
        subject: `Invoice ${data.number} posted: ${data.total.amount} ${data.total.currency}`,
        body: `Due ${data.dueDate}`,
        customerId: data.customerId,
        dealId: data.dealId,
        actor: 'finance',
        occurredAt: data.postedAt,
      }),
    ),
    on(invoicePaidV1, (data, event, manager) =>
      this.add(event, manager, {
        kind: ActivityKind.INVOICE_PAID,
        subject: `Invoice ${data.number} paid: ${data.amountPaid.amount} ${data.amountPaid.currency}`,
        body: null,
        customerId: data.customerId,
        dealId: null,
        actor: 'finance',
        occurredAt: data.paidAt,
      }),
    ),
    on(orderShippedV1, (data, event, manager) =>
      this.add(event, manager, {
        kind: ActivityKind.ORDER_SHIPPED,
        subject: `Order ${data.orderNumber} shipped`,
        body: `Shipment ${data.shipmentId}`,
        customerId: data.customerId,
        dealId: data.dealId,
        actor: 'inventory',
        occurredAt: data.shippedAt,
      }),
    ),
  ];

  constructor(
    private readonly activities: ActivitiesService,
    private readonly customers: CustomersService,
    private readonly deals: DealsService,
  ) {}

  private async add(event: EventEnvelope, manager: EntityManager, entry: ReportedEntry): Promise<void> {
    if (!(await this.customers.existsIn(manager, entry.customerId))) {
      this.logger.warn(`${event.type} ${event.id}: customer ${entry.customerId} is not in crm; no timeline entry`);
      return;
    }
    // The deal is linked only when crm has it and it is this customer's.
    const linked = !!entry.dealId && (await this.deals.belongsToCustomerIn(manager, entry.dealId, entry.customerId));
    const links = { customerId: entry.customerId, contactId: null, dealId: linked ? entry.dealId : null, leadId: null };
    await this.activities.appendIn(
      manager,
      { kind: entry.kind, subject: entry.subject, body: entry.body, links, actor: entry.actor, occurredAt: entry.occurredAt },
      { sourceEventId: event.id, announce: false },
    );
  }
}
