import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type EventEnvelope, invoicePaidV1, invoicePostedV1, on, orderShippedV1 } from '@platform/events';
import type { EventConsumer } from '@platform/service';
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
 * is skipped, since a foreign key violation would dead-letter it.
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

  private async add(event: EventEnvelope, manager: EntityManager, entry: ReportedEntry): Promise<void> {
    // The deal is linked only when crm has it and it is this customer's.
    const [known]: { customer: boolean; deal: string | null }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1) AS customer,
              (SELECT id FROM deals WHERE id = $2::uuid AND customer_id = $1) AS deal`,
      [entry.customerId, entry.dealId],
    );
    if (!known.customer) {
      this.logger.warn(`${event.type} ${event.id}: customer ${entry.customerId} is not in crm; no timeline entry`);
      return;
    }
    await manager.query(
      `INSERT INTO activities (id, kind, subject, body, customer_id, deal_id, actor, source_event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, date_trunc('milliseconds', $9::timestamptz))
       ON CONFLICT (source_event_id) DO NOTHING`,
      [randomUUID(), entry.kind, entry.subject.slice(0, 300), entry.body, entry.customerId, known.deal, entry.actor, event.id, entry.occurredAt],
    );
  }
}
