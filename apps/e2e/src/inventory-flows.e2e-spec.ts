import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import { eventually } from '@platform/testing';
import { gatewayClient } from './platform';

/** Events take a hop or two (and a Kafka rebalance): poll for up to 30 s, five times a second. */
const settle = <T>(check: () => Promise<T | undefined | false>, what: string) => eventually(check, what, 30_000, 200);
const eur = (amount: string) => ({ amount, currency: 'EUR' });

/**
 * Order to cash, inventory's part, across the processes: a deal won in crm
 * becomes a sales order that reserves stock; the deal's line items resolve
 * to inventory's Product through the gateway; the shipment reaches crm's
 * timeline, and the stock crm checks quotes against follows what inventory
 * holds.
 */
describe('inventory in order to cash, through the gateway and the event bus', () => {
  const admin = gatewayClient([Role.Admin]);
  const sales = gatewayClient([Role.Sales]);
  const clerk = gatewayClient([Role.Inventory]);

  it('reserves on a won deal, resolves its line items to products, and ships to the customer timeline', async () => {
    const sku = `E2E-${randomUUID().slice(0, 8)}`;
    const { createProduct } = await clerk.request<{ createProduct: { id: string } }>(`mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`, {
      i: { sku, name: 'Widget', unitOfMeasure: 'pcs', listPrice: eur('25.00'), standardCost: eur('10.00') },
    });
    const productId = createProduct.id;
    await clerk.request(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand } }`, { i: { productId, quantity: 5, unitCost: eur('10.00') } });

    const { createCustomer } = await sales.request<{ createCustomer: { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      {
        i: { name: 'Stocked Ltd', email: `stocked-${randomUUID()}@example.test` },
      },
    );
    const customerId = createCustomer.id;
    const { createDeal } = await sales.request<{ createDeal: { id: string } }>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
      i: { name: 'Widgets', customerId, lineItems: [{ productId, quantity: 3, unitPrice: eur('25.00') }] },
    });
    await sales.request(`mutation($d: ID!) { winDeal(dealId: $d, reason: "Signed") { id } }`, { d: createDeal.id });

    // crm's line item, resolved by inventory: the product and what is left of it once the order holds 3.
    const deal = await settle(async () => {
      const { deal } = await sales.request<{ deal: { lineItems: { quantity: number; product: { sku: string; available: number } }[] } }>(
        `query($id: ID!) { deal(id: $id) { lineItems { quantity product { sku available } } } }`,
        { id: createDeal.id },
      );
      return deal.lineItems[0].product.available === 2 ? deal : undefined;
    }, 'the order to reserve the deal’s units');
    expect(deal.lineItems).toEqual([{ quantity: 3, product: { sku, available: 2 } }]);

    const { customer } = await sales.request<{ customer: { orders: { id: string; status: string; dealId: string }[] } }>(
      `query($id: ID!) { customer(id: $id) { orders { id status dealId } } }`,
      { id: customerId },
    );
    expect(customer.orders).toEqual([{ id: expect.any(String), status: 'RESERVED', dealId: createDeal.id }]);

    const { shipSalesOrder } = await clerk.request<{ shipSalesOrder: { status: string } }>(`mutation($id: ID!) { shipSalesOrder(orderId: $id) { status } }`, {
      id: customer.orders[0].id,
    });
    expect(shipSalesOrder.status).toBe('SHIPPED');

    const timeline = await settle(async () => {
      const { customer: seen } = await sales.request<{ customer: { timeline: { nodes: { kind: string; subject: string }[] } } }>(
        `query($id: ID!) { customer(id: $id) { timeline(first: 10) { nodes { kind subject } } } }`,
        { id: customerId },
      );
      return seen.timeline.nodes.find((n) => n.kind === 'ORDER_SHIPPED');
    }, 'the shipment on the customer timeline');
    expect(timeline.subject).toContain('SO-');

    // crm's quotes check against what inventory last reported: 2 left.
    const quote = await settle(async () => {
      const { createQuote } = await admin.request<{ createQuote: { lines: { availability: { status: string; available: number | null } }[] } }>(
        `mutation($d: ID!, $p: ID!) { createQuote(input: { dealId: $d, lines: [{ productId: $p, quantity: 2, unitPrice: { amount: "25.00", currency: "EUR" } }] }) { lines { availability { status available } } } }`,
        {
          d: (
            await sales.request<{ createDeal: { id: string } }>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
              i: { name: 'Again', customerId, amount: eur('50.00') },
            })
          ).createDeal.id,
          p: productId,
        },
      );
      return createQuote.lines[0].availability.available === 2 ? createQuote : undefined;
    }, 'crm to learn the availability');
    expect(quote.lines[0].availability).toEqual({ status: 'AVAILABLE', available: 2 });
  });
});
