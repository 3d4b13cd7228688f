import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  dealWonV1,
  type EventContract,
  type EventData,
  eventOf,
  inboxHandler,
  orderShippedV2,
  platformEvents,
  purchaseOrderReceivedV1,
  subscriptionOf,
} from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { financeSubgraph } from '../finance.subgraph';
import { financeClient } from '../testing/finance-client';
import { DocumentsConsumer } from './documents.consumer';

describe('finance consumers: deals won, orders shipped, goods received (real Postgres)', () => {
  let finance: TestSubgraph;
  let fx: ReturnType<typeof financeClient>;
  const eur = (amount: string) => ({ amount, currency: 'EUR' });

  beforeAll(async () => {
    finance = await startTestSubgraph(financeSubgraph, { FINANCE_CURRENCY: 'EUR' });
    fx = financeClient(finance);
  });
  afterAll(() => finance?.close());

  const apply = async <C extends EventContract>(
    source: string,
    contract: C,
    subject: string,
    data: EventData<C>,
    envelope = createEnvelope(source, eventOf(contract, subject, data)),
  ) => {
    const consumer = finance.app.get(DocumentsConsumer);
    await inboxHandler({
      dataSource: finance.dataSource,
      registry: platformEvents,
      group: consumer.group,
      handlers: subscriptionOf(consumer.bindings).handlers,
    })({
      value: JSON.stringify(envelope),
      key: subject,
      partition: 0,
      offset: '0',
      topic: contract.topic,
      headers: {},
    });
    return envelope;
  };
  const invoicesOfDeal = (dealId: string) =>
    finance.dataSource.query(`SELECT id, status, total_minor::text AS total, number FROM invoices WHERE deal_id = $1`, [dealId]);

  it('is the finance.documents group on the crm.deal, inventory.order and inventory.purchase-order topics', () => {
    const consumer = finance.app.get(DocumentsConsumer);
    expect(consumer.group).toBe('finance.documents');
    expect(subscriptionOf(consumer.bindings).topics.sort()).toEqual(['crm.deal', 'inventory.order', 'inventory.purchase-order']);
  });

  it('drafts one invoice per won deal, even when the event comes twice (and again under another id)', async () => {
    const dealId = randomUUID();
    const customerId = randomUUID();
    const productId = randomUUID();
    const data = {
      dealId,
      customerId,
      contactId: null,
      ownerId: 'u-sales',
      amount: eur('1000.00'),
      lineItems: [{ productId, description: 'Widget', quantity: 4, unitPrice: eur('250.00') }],
      reason: 'Signed',
      wonAt: '2026-07-01T10:00:00.000Z',
    };
    const envelope = await apply('crm', dealWonV1, dealId, data);
    await apply('crm', dealWonV1, dealId, data, envelope);
    await apply('crm', dealWonV1, dealId, data);
    const invoices = await invoicesOfDeal(dealId);
    expect(invoices).toEqual([{ id: expect.any(String), status: 'draft', total: '100000', number: null }]);
    const { invoice } = await fx.must<{ invoice: { lines: { product: { id: string } | null; quantity: number; net: { amount: string } }[] } }>(
      `query($id: ID!) { invoice(invoiceId: $id) { lines { product { id } quantity net { amount } } } }`,
      { id: invoices[0].id },
    );
    expect(invoice.lines).toEqual([{ product: { id: productId }, quantity: 4, net: { amount: '1000.00' } }]);

    const amountOnly = randomUUID();
    await apply('crm', dealWonV1, amountOnly, { ...data, dealId: amountOnly, lineItems: [] });
    expect(await invoicesOfDeal(amountOnly)).toEqual([expect.objectContaining({ total: '100000' })]);
  });

  it('books cost of goods per shipment and posts the deal’s invoice when the order is complete', async () => {
    const dealId = randomUUID();
    const customerId = randomUUID();
    await apply('crm', dealWonV1, dealId, {
      dealId,
      customerId,
      contactId: null,
      ownerId: null,
      amount: eur('300.00'),
      lineItems: [],
      reason: 'Signed',
      wonAt: '2026-07-02T10:00:00.000Z',
    });
    const orderId = randomUUID();
    const line = (quantity: number) => ({ orderLineId: randomUUID(), productId: randomUUID(), sku: 'W-1', quantity, unitCost: eur('40.00') });
    const shipped = (complete: boolean, quantity: number) => ({
      orderId,
      orderNumber: 'SO-0001',
      customerId,
      dealId,
      shipmentId: randomUUID(),
      warehouseId: randomUUID(),
      lines: [line(quantity)],
      complete,
      shippedAt: '2026-07-03T10:00:00.000Z',
    });
    await apply('inventory', orderShippedV2, orderId, shipped(false, 2));
    expect((await invoicesOfDeal(dealId))[0].status).toBe('draft');
    const last = await apply('inventory', orderShippedV2, orderId, shipped(true, 1));
    await apply('inventory', orderShippedV2, orderId, shipped(true, 1), last);
    expect((await invoicesOfDeal(dealId))[0]).toMatchObject({ status: 'posted', number: 'INV-2026-000001' });
    const [cogs] = await finance.dataSource.query(
      `SELECT sum(l.debit_minor)::text AS debit FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE a.system_key = 'cogs' AND l.customer_id = $1`,
      [customerId],
    );
    expect(cogs.debit).toBe('12000');
  });

  it('raises one draft bill per goods receipt, the supplier becoming a vendor, and posts it to payables', async () => {
    const supplier = { id: randomUUID(), name: 'Bolt Supply Ltd' };
    const receiptId = randomUUID();
    const data = {
      purchaseOrderId: randomUUID(),
      purchaseOrderNumber: 'PO-0007',
      receiptId,
      supplier,
      warehouseId: randomUUID(),
      lines: [{ productId: randomUUID(), sku: 'B-9', quantity: 100, unitCost: eur('0.35') }],
      complete: true,
      receivedAt: '2026-07-04T08:00:00.000Z',
    };
    const envelope = await apply('inventory', purchaseOrderReceivedV1, data.purchaseOrderId, data);
    await apply('inventory', purchaseOrderReceivedV1, data.purchaseOrderId, data, envelope);
    await apply('inventory', purchaseOrderReceivedV1, data.purchaseOrderId, data);
    const { bills } = await fx.must<{ bills: { nodes: { id: string; status: string; vendorId: string; total: { amount: string } }[] } }>(
      `query($v: ID) { bills(vendorId: $v) { nodes { id status vendorId total { amount } } } }`,
      { v: supplier.id },
    );
    expect(bills.nodes).toEqual([{ id: expect.any(String), status: 'DRAFT', vendorId: supplier.id, total: { amount: '35.00' } }]);
    const posted = await fx.must<{ postBill: { number: string; status: string } }>(`mutation($id: ID!) { postBill(billId: $id) { number status } }`, {
      id: bills.nodes[0].id,
    });
    expect(posted.postBill).toEqual({ number: 'BILL-2026-000001', status: 'POSTED' });
    const paid = await fx.must<{ payBill: { status: string } }>(
      `mutation($id: ID!) { payBill(billId: $id, amount: { amount: "35.00", currency: "EUR" }) { status } }`,
      {
        id: bills.nodes[0].id,
      },
    );
    expect(paid.payBill.status).toBe('PAID');
    expect((await fx.must<{ vendors: { id: string; name: string }[] }>(`{ vendors { id name } }`, {})).vendors).toContainEqual(supplier);
  });
});
