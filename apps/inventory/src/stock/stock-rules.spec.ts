import { compareStock, movingAverage } from './stock-rules';

const P = '11111111-1111-4111-8111-111111111111';
const W = '22222222-2222-4222-8222-222222222222';

describe('movingAverage', () => {
  it("takes the arrival's cost when nothing is on hand", () => {
    expect(movingAverage(0, 999n, 5, 120n)).toBe(120n);
  });

  it('weighs what is on hand against what arrives, rounding half up', () => {
    expect(movingAverage(10, 100n, 10, 200n)).toBe(150n);
    expect(movingAverage(2, 100n, 1, 101n)).toBe(100n); // 100.33
    expect(movingAverage(1, 100n, 1, 101n)).toBe(101n); // 100.5
  });

  it('refuses an arrival of nothing', () => {
    expect(() => movingAverage(1, 1n, 0, 1n)).toThrow(RangeError);
  });
});

describe('compareStock', () => {
  const agreeing = {
    levels: [{ productId: P, warehouseId: W, onHand: 10, reserved: 4 }],
    ledger: [{ productId: P, warehouseId: W, onHand: 10 }],
    held: [{ productId: P, warehouseId: W, reserved: 4 }],
    lines: [{ orderLineId: 'l1', productId: P, quantity: 6, shipped: 2, ledgerShipped: 2, held: 4 }],
  };

  it('finds nothing when everything agrees', () => {
    expect(compareStock(agreeing)).toEqual([]);
  });

  it('reports on hand off the ledger and reserved off the open reservations', () => {
    const found = compareStock({ ...agreeing, ledger: [{ productId: P, warehouseId: W, onHand: 9 }], held: [] });
    expect(found.map((d) => [d.problem, d.expected, d.actual])).toEqual([
      ['on hand differs from the ledger', 9, 10],
      ['reserved differs from the open reservations', 0, 4],
    ]);
  });

  it('reports a ledger without a stock row, and more reserved than on hand', () => {
    const found = compareStock({
      levels: [{ productId: P, warehouseId: W, onHand: 1, reserved: 2 }],
      ledger: [
        { productId: P, warehouseId: W, onHand: 1 },
        { productId: W, warehouseId: W, onHand: 3 },
      ],
      held: [{ productId: P, warehouseId: W, reserved: 2 }],
      lines: [],
    });
    expect(found.map((d) => d.problem)).toEqual(['more reserved than on hand', 'on hand differs from the ledger']);
  });

  it('reports order lines shipped off the ledger or holding more than remains', () => {
    const found = compareStock({ ...agreeing, lines: [{ orderLineId: 'l1', productId: P, quantity: 6, shipped: 3, ledgerShipped: 2, held: 4 }] });
    expect(found.map((d) => d.problem)).toEqual(['order line l1: shipped differs from the ledger', 'order line l1: holds more than remains to ship']);
  });
});
