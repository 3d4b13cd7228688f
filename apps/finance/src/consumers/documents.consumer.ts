import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { dealWonV1, type EventData, on, orderShippedV2, purchaseOrderReceivedV1 } from '@platform/events';
import type { EventConsumer } from '@platform/service';
import { InvoiceStatus } from '../invoices/invoice.model';
import { InvoicesService } from '../invoices/invoices.service';
import { AccountsService } from '../ledger/accounts.service';
import { JournalService } from '../ledger/journal.service';
import { signedLine } from '../ledger/journal-rules';
import { EntrySource } from '../ledger/ledger.model';
import { BillsService } from '../payables/bills.service';
import { RatesService } from '../rates/rates.service';
import { minorFromDecimal } from '@platform/graphql';

/**
 * Documents raised by other services' events, each applied once through the
 * inbox (group finance.documents), with a second guard in the data: one
 * invoice per deal, one bill per goods receipt.
 *
 * - crm.deal.won: a draft invoice of the deal's line items (tax 0 %: the
 *   accountant sets rates on the draft), or one line of its amount.
 * - inventory.order.shipped v2: cost of goods at the cost each line carries
 *   (cost of goods sold against inventory), and once the order is complete,
 *   the deal's draft invoice is posted.
 * - inventory.purchase-order.received: a draft vendor bill of what arrived,
 *   at the purchase price; the supplier becomes a vendor on its first bill.
 */
@Injectable()
export class DocumentsConsumer implements EventConsumer {
  private readonly logger = new Logger(DocumentsConsumer.name);
  readonly group = 'finance.documents';
  readonly bindings = [
    on(dealWonV1, (data, _event, manager) => this.dealWon(data, manager)),
    on(orderShippedV2, (data, _event, manager) => this.orderShipped(data, manager)),
    on(purchaseOrderReceivedV1, (data, _event, manager) => this.purchaseOrderReceived(data, manager)),
  ];

  constructor(
    private readonly invoices: InvoicesService,
    private readonly bills: BillsService,
    private readonly journal: JournalService,
    private readonly accounts: AccountsService,
    private readonly rates: RatesService,
  ) {}

  private async dealWon(data: EventData<typeof dealWonV1>, manager: EntityManager): Promise<void> {
    const lines = data.lineItems.length
      ? data.lineItems.map((l) => ({ productId: l.productId, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice }))
      : [{ description: `Deal ${data.dealId}`, quantity: 1, unitPrice: data.amount }];
    const draft = await this.invoices.createDraftIn(manager, {
      customerId: data.customerId,
      dealId: data.dealId,
      issueDate: data.wonAt.slice(0, 10),
      memo: data.reason,
      lines,
    });
    if (!draft) this.logger.warn(`crm.deal.won ${data.dealId}: the deal already has an invoice`);
  }

  private async orderShipped(data: EventData<typeof orderShippedV2>, manager: EntityManager): Promise<void> {
    const day = data.shippedAt.slice(0, 10);
    let cost = 0n;
    for (const line of data.lines) {
      const rate = await this.rates.rateOn(manager, line.unitCost.currency, day);
      cost += this.rates.toFunctional(minorFromDecimal(line.unitCost.amount, line.unitCost.currency) * BigInt(line.quantity), line.unitCost.currency, rate);
    }
    if (cost > 0n) {
      const accounts = await this.accounts.systemIds();
      await this.journal.postIn(manager, {
        date: day,
        memo: `Cost of goods of order ${data.orderNumber}, shipment ${data.shipmentId}`,
        source: EntrySource.SHIPMENT,
        sourceId: data.shipmentId,
        lines: [signedLine(accounts.cogs, cost, { customerId: data.customerId }), signedLine(accounts.inventory, -cost)],
      });
    }
    if (!data.complete) return;
    const invoice = data.dealId ? await this.invoices.lockByDeal(manager, data.dealId) : undefined;
    if (!invoice) {
      this.logger.warn(`inventory.order.shipped ${data.orderId}: no invoice of deal ${data.dealId ?? '(none)'} to post`);
      return;
    }
    if (invoice.status === InvoiceStatus.DRAFT) await this.invoices.postIn(manager, invoice, undefined, data.orderId);
  }

  private async purchaseOrderReceived(data: EventData<typeof purchaseOrderReceivedV1>, manager: EntityManager): Promise<void> {
    const bill = await this.bills.draftFromReceiptIn(manager, {
      vendorId: data.supplier.id,
      vendorName: data.supplier.name,
      purchaseOrderId: data.purchaseOrderId,
      receiptId: data.receiptId,
      issueDate: data.receivedAt.slice(0, 10),
      lines: data.lines.map((l) => ({
        productId: l.productId,
        description: `${l.sku} (PO ${data.purchaseOrderNumber})`,
        quantity: l.quantity,
        unitPrice: l.unitCost,
      })),
    });
    if (!bill) this.logger.warn(`inventory.purchase-order.received ${data.receiptId}: the receipt already has a bill`);
  }
}
