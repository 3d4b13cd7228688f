/**
 * Pure rules of stock: valuation and the consistency check's comparison.
 * Quantities are integers; costs are integer minor units per unit.
 */

/**
 * The moving-average unit cost after `quantity` units arrive at `unitCost`
 * on top of `onHand` units valued at `average`, rounded half up to a minor
 * unit. With nothing on hand the arrival's cost is the average.
 */
export function movingAverage(onHand: number, average: bigint, quantity: number, unitCost: bigint): bigint {
  if (quantity <= 0) throw new RangeError(`an arrival has a positive quantity, got ${quantity}`);
  if (onHand <= 0) return unitCost;
  const total = BigInt(onHand) * average + BigInt(quantity) * unitCost;
  const units = BigInt(onHand + quantity);
  return (total * 2n + units) / (units * 2n);
}

export interface LevelFigures {
  productId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

export interface Discrepancy {
  productId: string;
  warehouseId: string | null;
  /** What disagrees, in words a person can act on. */
  problem: string;
  expected: number;
  actual: number;
}

export interface CheckInput {
  levels: readonly LevelFigures[];
  /** On hand according to the ledger: the sum of movements per product and warehouse. */
  ledger: readonly { productId: string; warehouseId: string; onHand: number }[];
  /** Open reservations per product and warehouse. */
  held: readonly { productId: string; warehouseId: string; reserved: number }[];
  /** Per order line: shipped according to the line and to the ledger, and what is held for it. */
  lines: readonly { orderLineId: string; productId: string; quantity: number; shipped: number; ledgerShipped: number; held: number }[];
}

const key = (k: { productId: string; warehouseId: string }) => `${k.productId}/${k.warehouseId}`;

/**
 * Where the stock table, the ledger, open reservations and order lines
 * disagree, or a quantity is negative; empty when they all agree.
 */
export function compareStock(input: CheckInput): Discrepancy[] {
  const found: Discrepancy[] = [];
  const levels = new Map(input.levels.map((l) => [key(l), l]));
  const ledger = new Map(input.ledger.map((l) => [key(l), l.onHand]));
  const held = new Map(input.held.map((h) => [key(h), h.reserved]));
  const keys = new Set([...levels.keys(), ...ledger.keys(), ...held.keys()]);
  for (const k of [...keys].sort()) {
    const [productId, warehouseId] = k.split('/');
    const level = levels.get(k) ?? { productId, warehouseId, onHand: 0, reserved: 0 };
    const report = (problem: string, expected: number, actual: number) => found.push({ productId, warehouseId, problem, expected, actual });
    if (level.onHand !== (ledger.get(k) ?? 0)) report('on hand differs from the ledger', ledger.get(k) ?? 0, level.onHand);
    if (level.reserved !== (held.get(k) ?? 0)) report('reserved differs from the open reservations', held.get(k) ?? 0, level.reserved);
    if (level.onHand < 0) report('on hand is negative', 0, level.onHand);
    if (level.reserved < 0) report('reserved is negative', 0, level.reserved);
    if (level.reserved > level.onHand) report('more reserved than on hand', level.onHand, level.reserved);
  }
  for (const line of input.lines) {
    const report = (problem: string, expected: number, actual: number) =>
      found.push({ productId: line.productId, warehouseId: null, problem: `order line ${line.orderLineId}: ${problem}`, expected, actual });
    if (line.shipped !== line.ledgerShipped) report('shipped differs from the ledger', line.ledgerShipped, line.shipped);
    if (line.shipped > line.quantity) report('shipped more than ordered', line.quantity, line.shipped);
    if (line.held > line.quantity - line.shipped) report('holds more than remains to ship', line.quantity - line.shipped, line.held);
  }
  return found;
}
