import { mergeAllocations, planAllocations, strictAllocationRefusal, takeFromPayment } from './payment-rules';

describe('payment rules', () => {
  it('allocates greedily in the order given and leaves the rest', () => {
    const docs = [
      { id: 'a', open: 300n },
      { id: 'b', open: 500n },
      { id: 'c', open: 100n },
    ];
    expect(planAllocations(600n, docs).map((p) => [p.document.id, p.amount])).toEqual([
      ['a', 300n],
      ['b', 300n],
    ]);
    expect(planAllocations(5000n, docs).reduce((s, p) => s + p.amount, 0n)).toBe(900n);
  });

  it('refuses strict allocations beyond the payment with OVER_ALLOCATION', () => {
    expect(strictAllocationRefusal(100n, [{ amount: 60n }, { amount: 40n }])).toBeUndefined();
    expect(strictAllocationRefusal(100n, [{ amount: 60n }, { amount: 41n }])?.extensions).toMatchObject({ code: 'OVER_ALLOCATION', requested: '101' });
  });

  it('spends the functional amount exactly', () => {
    let payment = { amount: 1000n, unapplied: 1000n, functionalAmount: 1085n, functionalUnapplied: 1085n };
    const parts: bigint[] = [];
    for (const part of [333n, 333n, 334n]) {
      const taken = takeFromPayment(payment, part);
      parts.push(taken.functional);
      payment = taken.rest;
    }
    expect(parts).toEqual([361n, 361n, 363n]);
    expect(payment.functionalUnapplied).toBe(0n);
  });

  it('merges allocations of one invoice', () => {
    expect(
      mergeAllocations([
        { invoiceId: 'a', amount: 1n },
        { invoiceId: 'a', amount: 2n },
        { invoiceId: 'b', amount: 3n },
      ]),
    ).toEqual([
      { invoiceId: 'a', amount: 3n },
      { invoiceId: 'b', amount: 3n },
    ]);
  });
});
