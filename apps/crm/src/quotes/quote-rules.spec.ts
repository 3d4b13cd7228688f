import { lineAvailability, stockShortage, transitionRefusal } from './quote-rules';
import { AvailabilityStatus, QuoteStatus } from './quote.model';

const { DRAFT, SENT, ACCEPTED, REJECTED } = QuoteStatus;

describe('quote transitions', () => {
  it.each([
    [DRAFT, SENT],
    [DRAFT, REJECTED],
    [SENT, ACCEPTED],
    [SENT, REJECTED],
  ])('allows %s → %s', (from, to) => {
    expect(transitionRefusal('q', from, to)).toBeUndefined();
  });

  it.each([
    [DRAFT, ACCEPTED],
    [SENT, SENT],
    [ACCEPTED, REJECTED],
    [ACCEPTED, SENT],
    [REJECTED, ACCEPTED],
    [REJECTED, SENT],
  ])('refuses %s → %s', (from, to) => {
    expect(transitionRefusal('q', from, to)?.extensions).toEqual({
      code: 'ILLEGAL_QUOTE_TRANSITION',
      quoteId: 'q',
      from: from.toUpperCase(),
      to: to.toUpperCase(),
    });
  });
});

describe('stock checks', () => {
  const asOf = new Date('2026-01-01T00:00:00Z');

  it('sums a product over lines and names the first shortage', () => {
    const reports = [
      { productId: 'a', available: 5, asOf },
      { productId: 'b', available: 3, asOf },
    ];
    expect(
      stockShortage(
        [
          { productId: 'a', quantity: 5 },
          { productId: 'b', quantity: 3 },
        ],
        reports,
      ),
    ).toBeUndefined();
    expect(
      stockShortage(
        [
          { productId: 'b', quantity: 2 },
          { productId: 'b', quantity: 2 },
        ],
        reports,
      )?.extensions,
    ).toEqual({
      code: 'INSUFFICIENT_STOCK',
      productId: 'b',
      requested: 4,
      available: 3,
    });
  });

  it('lets products inventory never reported pass', () => {
    expect(stockShortage([{ productId: 'z', quantity: 1000 }], [])).toBeUndefined();
    expect(lineAvailability(1000, undefined)).toEqual({ status: AvailabilityStatus.UNKNOWN, available: null, asOf: null });
  });

  it('marks a line available or insufficient against the report', () => {
    expect(lineAvailability(5, { productId: 'a', available: 5, asOf }).status).toBe(AvailabilityStatus.AVAILABLE);
    expect(lineAvailability(6, { productId: 'a', available: 5, asOf })).toEqual({ status: AvailabilityStatus.INSUFFICIENT, available: 5, asOf });
  });
});
