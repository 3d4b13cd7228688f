import { PurchaseOrderStatus } from './purchase-order.model';
import { placeRefusal, receiptPlan, receivedStatus, reorderQuantity } from './purchase-rules';

const order = (status: PurchaseOrderStatus) => ({ id: 'po', number: 'PO-000001', status });
const lines = [
  { id: 'a', quantity: 5, received: 2 },
  { id: 'b', quantity: 1, received: 1 },
];

describe('purchase rules', () => {
  it('places only a draft', () => {
    expect(placeRefusal(order(PurchaseOrderStatus.DRAFT))).toBeUndefined();
    expect(placeRefusal(order(PurchaseOrderStatus.ORDERED))?.extensions.code).toBe('ILLEGAL_PURCHASE_ORDER_TRANSITION');
  });

  it('receives everything outstanding by default, or what is named up to what is outstanding', () => {
    expect(receiptPlan(order(PurchaseOrderStatus.ORDERED), lines, null).map((p) => [p.line.id, p.quantity])).toEqual([['a', 3]]);
    expect(receiptPlan(order(PurchaseOrderStatus.PARTIALLY_RECEIVED), lines, [{ lineId: 'a', quantity: 2 }]).map((p) => p.quantity)).toEqual([2]);
    expect(() => receiptPlan(order(PurchaseOrderStatus.ORDERED), lines, [{ lineId: 'a', quantity: 4 }])).toThrow(/3 units still to come/);
    expect(() => receiptPlan(order(PurchaseOrderStatus.DRAFT), lines, null)).toThrow(/only a placed order receives/);
  });

  it('says received in full or in part', () => {
    expect(receivedStatus(lines)).toBe(PurchaseOrderStatus.PARTIALLY_RECEIVED);
    expect(receivedStatus([{ id: 'a', quantity: 2, received: 2 }])).toBe(PurchaseOrderStatus.RECEIVED);
  });

  it('reorders up to the maximum once available falls under the minimum', () => {
    expect(reorderQuantity({ minimum: 5, maximum: 20 }, 5)).toBe(0);
    expect(reorderQuantity({ minimum: 5, maximum: 20 }, 4)).toBe(16);
    expect(reorderQuantity({ minimum: 5, maximum: 20 }, 0)).toBe(20);
  });
});
