import { DomainError } from '@platform/graphql';
import { backorderOf, finalRefusal, orderStatus, shipmentPlan } from './order-rules';
import { SalesOrderStatus } from './sales-order.model';

const line = (id: string, quantity: number, shipped: number, held: number) => ({ id, quantity, shipped, held });
const order = { id: 'o1', number: 'SO-000001' };

describe('orderStatus', () => {
  it.each([
    [[line('a', 3, 0, 0)], SalesOrderStatus.PENDING],
    [[line('a', 3, 0, 3), line('b', 1, 0, 1)], SalesOrderStatus.RESERVED],
    [[line('a', 3, 0, 2)], SalesOrderStatus.PARTIALLY_RESERVED],
    [[line('a', 3, 1, 2)], SalesOrderStatus.PARTIALLY_SHIPPED],
    [[line('a', 3, 3, 0), line('b', 2, 2, 0)], SalesOrderStatus.SHIPPED],
  ])('%j is %s', (lines, status) => {
    expect(orderStatus(lines)).toBe(status);
  });

  it('counts the backorder as what remains and is not held', () => {
    expect(backorderOf(line('a', 10, 3, 4))).toBe(3);
    expect(backorderOf(line('a', 10, 10, 0))).toBe(0);
  });
});

describe('finalRefusal', () => {
  it('refuses a shipped or cancelled order with ILLEGAL_ORDER_TRANSITION', () => {
    for (const status of [SalesOrderStatus.SHIPPED, SalesOrderStatus.CANCELLED]) {
      const refusal = finalRefusal({ ...order, status });
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal!.extensions.code).toBe('ILLEGAL_ORDER_TRANSITION');
    }
    expect(finalRefusal({ ...order, status: SalesOrderStatus.PARTIALLY_SHIPPED })).toBeUndefined();
  });
});

describe('shipmentPlan', () => {
  const lines = [line('a', 5, 0, 3), line('b', 2, 0, 0)];

  it('ships everything held when no lines are named', () => {
    expect(shipmentPlan(order, lines, null).map((p) => [p.line.id, p.quantity])).toEqual([['a', 3]]);
  });

  it('ships what is asked, adding up repeated lines', () => {
    expect(
      shipmentPlan(order, lines, [
        { orderLineId: 'a', quantity: 1 },
        { orderLineId: 'a', quantity: 1 },
      ]).map((p) => [p.line.id, p.quantity]),
    ).toEqual([['a', 2]]);
  });

  it('refuses more than a line holds, a foreign line, and a shipment of nothing', () => {
    expect(() => shipmentPlan(order, lines, [{ orderLineId: 'a', quantity: 4 }])).toThrow(/holds 3 units/);
    expect(() => shipmentPlan(order, lines, [{ orderLineId: 'x', quantity: 1 }])).toThrow(/not a line of order/);
    expect(() => shipmentPlan(order, [line('b', 2, 0, 0)], null)).toThrow(/holds no units to ship/);
  });
});
