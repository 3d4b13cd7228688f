import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import { createEnvelope, dealWonV1, type EventEnvelope, eventOf, inboxHandler, platformEvents, subscriptionOf } from '@platform/events';
import type { TestSubgraph } from '@platform/service-testing';
import { DealEventsConsumer } from '../orders/deal-events.consumer';

export const WAREHOUSE_CLERK = { sub: 'clerk', roles: [Role.Inventory] };

/** Calls that must succeed: an error fails the spec with its message. */
export function inventoryClient(inventory: TestSubgraph) {
  const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await inventory.request<T>(query, variables);
    if (result.errors || !result.data) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const scalar = async (sql: string, params: unknown[] = []) => Number((await inventory.dataSource.query(sql, params))[0].n);
  return {
    ok,
    scalar,
    async product(stock = 0, unitCost = '10.00', sku = `SKU-${randomUUID().slice(0, 8)}`): Promise<string> {
      const { createProduct } = await ok<{ createProduct: { id: string } }>(`mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`, {
        i: {
          sku,
          name: `Product ${sku}`,
          unitOfMeasure: 'pcs',
          listPrice: { amount: '25.00', currency: 'EUR' },
          standardCost: { amount: unitCost, currency: 'EUR' },
        },
      });
      if (stock > 0) await this.receive(createProduct.id, stock, unitCost);
      return createProduct.id;
    },
    receive(productId: string, quantity: number, unitCost = '10.00', warehouseId?: string) {
      return ok<{ receiveStock: { onHand: number; reserved: number; available: number } }>(
        `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand reserved available } }`,
        { i: { productId, quantity, unitCost: { amount: unitCost, currency: 'EUR' }, warehouseId } },
      );
    },
    async available(productId: string): Promise<{ available: number; stock: { onHand: number; reserved: number; available: number }[] }> {
      const { product } = await ok<{ product: { available: number; stock: { onHand: number; reserved: number; available: number }[] } }>(
        `query($id: ID!) { product(id: $id) { available stock { onHand reserved available } } }`,
        { id: productId },
      );
      return product;
    },
    async check(): Promise<{ consistent: boolean; discrepancies: unknown[] }> {
      return (
        await ok<{ stockCheck: { consistent: boolean; discrepancies: unknown[] } }>(
          `{ stockCheck { consistent stockRows discrepancies { productId problem expected actual } } }`,
        )
      ).stockCheck;
    },
    footprint: async () => ({
      movements: await scalar('SELECT count(*) AS n FROM stock_movements'),
      reservations: await scalar('SELECT count(*) AS n FROM reservations'),
      orders: await scalar('SELECT count(*) AS n FROM sales_orders'),
      outbox: await scalar('SELECT count(*) AS n FROM outbox'),
      audit: await scalar('SELECT count(*) AS n FROM audit_log'),
      levels: (
        await inventory.dataSource.query(
          `SELECT coalesce(string_agg(on_hand || '/' || reserved, ',' ORDER BY product_id, warehouse_id), '') AS s FROM stock_levels`,
        )
      )[0].s,
    }),
  };
}

/** Delivers events to the deal consumer as the bus would: through its inbox, in a transaction of its own. */
export function dealDelivery(inventory: TestSubgraph): (envelope: EventEnvelope) => Promise<void> {
  const consumer = inventory.app.get(DealEventsConsumer);
  const handle = inboxHandler({
    dataSource: inventory.dataSource,
    registry: platformEvents,
    group: consumer.group,
    handlers: subscriptionOf(consumer.bindings).handlers,
  });
  return (envelope) => handle({ value: JSON.stringify(envelope), key: envelope.subject, partition: 0, offset: '0', topic: 'crm.deal', headers: {} });
}

export function dealWon(lines: { productId: string; quantity: number }[], dealId = randomUUID(), customerId = randomUUID()): EventEnvelope {
  return createEnvelope(
    'crm',
    eventOf(dealWonV1, dealId, {
      dealId,
      customerId,
      contactId: null,
      ownerId: 'seller',
      amount: { amount: '100.00', currency: 'EUR' },
      lineItems: lines.map((l) => ({ productId: l.productId, description: null, quantity: l.quantity, unitPrice: { amount: '25.00', currency: 'EUR' } })),
      reason: 'signed',
      wonAt: new Date().toISOString(),
    }),
  );
}
