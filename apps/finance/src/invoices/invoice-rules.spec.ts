import { allocationRefusal, cancelRefusal, priceDocument, settledStatus, taxShare } from './invoice-rules';
import { InvoiceStatus } from './invoice.model';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const doc = (status: InvoiceStatus, total: number, paid = 0, credited = 0) => ({
  id: 'inv',
  status,
  totalMinor: String(total),
  paidMinor: String(paid),
  creditedMinor: String(credited),
});

describe('invoice rules', () => {
  it('prices lines with tax rounded on each line', () => {
    const priced = priceDocument([
      { quantity: 3, unitPrice: eur('0.15'), taxRate: '10' },
      { quantity: 3, unitPrice: eur('0.15'), taxRate: '10' },
      { quantity: 1, unitPrice: eur('19.99'), taxRate: '7.25', productId: '00000000-0000-4000-8000-000000000001' },
    ]);
    expect(priced.lines.map((l) => [l.net, l.tax])).toEqual([
      [45n, 5n],
      [45n, 5n],
      [1999n, 145n],
    ]);
    expect([priced.subtotal, priced.tax, priced.total, priced.currency]).toEqual([2089n, 155n, 2244n, 'EUR']);
    expect(priced.lines[2].description).toBe('Product 00000000-0000-4000-8000-000000000001');
  });

  it('refuses no lines, mixed currencies and excess precision', () => {
    expect(() => priceDocument([])).toThrow(/at least one line/);
    expect(() =>
      priceDocument([
        { quantity: 1, unitPrice: eur('1') },
        { quantity: 1, unitPrice: { amount: '1', currency: 'USD' } },
      ]),
    ).toThrow(/one currency/);
    expect(() => priceDocument([{ quantity: 1, unitPrice: eur('1.001') }])).toThrow(/decimal places/);
  });

  it('refuses allocating more than is open with OVER_ALLOCATION', () => {
    expect(allocationRefusal(doc(InvoiceStatus.PARTIALLY_PAID, 1000, 400, 100), 500n, 'x')).toBeUndefined();
    expect(allocationRefusal(doc(InvoiceStatus.PARTIALLY_PAID, 1000, 400, 100), 501n, 'x')?.extensions).toMatchObject({
      code: 'OVER_ALLOCATION',
      open: '500',
      requested: '501',
    });
  });

  it('cancels a draft or an unpaid invoice, and refuses a paid one without a credit note', () => {
    expect(cancelRefusal(doc(InvoiceStatus.DRAFT, 1000))).toBeUndefined();
    expect(cancelRefusal(doc(InvoiceStatus.POSTED, 1000))).toBeUndefined();
    expect(cancelRefusal(doc(InvoiceStatus.PARTIALLY_PAID, 1000, 1))?.extensions.code).toBe('CREDIT_NOTE_REQUIRED');
    expect(cancelRefusal(doc(InvoiceStatus.PAID, 1000, 1000))?.extensions.code).toBe('ILLEGAL_DOCUMENT_STATE');
  });

  it('derives the status from what is settled', () => {
    expect(settledStatus(100n, 0n, 0n)).toBe(InvoiceStatus.POSTED);
    expect(settledStatus(100n, 30n, 0n)).toBe(InvoiceStatus.PARTIALLY_PAID);
    expect(settledStatus(100n, 30n, 70n)).toBe(InvoiceStatus.PAID);
    expect(settledStatus(100n, 0n, 100n)).toBe(InvoiceStatus.CANCELLED);
  });

  it('takes the tax share of a partial credit, rounded half up', () => {
    expect(taxShare(60n, 120n, 20n)).toBe(10n);
    expect(taxShare(1n, 3n, 1n)).toBe(0n);
    expect(taxShare(2n, 3n, 1n)).toBe(1n);
  });
});
