import { DomainError } from '@platform/graphql';
import { functionalShare } from '../shared/amounts';
import { FinanceErrorCode } from '../shared/finance-error-codes';

/** What is left of a payment to allocate, in its currency and in the functional currency it was booked at. */
export interface PaymentBalance {
  amount: bigint;
  unapplied: bigint;
  functionalAmount: bigint;
  functionalUnapplied: bigint;
}

/** Taking `part` of a payment's unapplied amount: the functional amount it carries (the rest exactly on the last part). */
export function takeFromPayment(payment: PaymentBalance, part: bigint): { functional: bigint; rest: PaymentBalance } {
  const functional = functionalShare(part, payment.unapplied, payment.functionalAmount, payment.functionalAmount - payment.functionalUnapplied, payment.amount);
  return {
    functional,
    rest: { ...payment, unapplied: payment.unapplied - part, functionalUnapplied: payment.functionalUnapplied - functional },
  };
}

/** Greedy allocation of `amount` over open documents in the order given: each gets what is open, until the amount is spent. */
export function planAllocations<T extends { id: string; open: bigint }>(amount: bigint, candidates: readonly T[]): { document: T; amount: bigint }[] {
  const plan: { document: T; amount: bigint }[] = [];
  let left = amount;
  for (const document of candidates) {
    if (left <= 0n) break;
    const take = document.open < left ? document.open : left;
    if (take > 0n) plan.push({ document, amount: take });
    left -= take;
  }
  return plan;
}

/** Strict allocations may not add up to more than the payment. */
export function strictAllocationRefusal(amount: bigint, allocations: readonly { amount: bigint }[]): DomainError | undefined {
  const sum = allocations.reduce((s, a) => s + a.amount, 0n);
  if (sum <= amount) return undefined;
  return new DomainError(FinanceErrorCode.OverAllocation, `The allocations add up to ${sum}, more than the payment's ${amount} (minor units)`, {
    requested: sum.toString(),
    available: amount.toString(),
  });
}

/** Allocations naming one invoice twice are one allocation of their sum. */
export function mergeAllocations(allocations: readonly { invoiceId: string; amount: bigint }[]): { invoiceId: string; amount: bigint }[] {
  const merged = new Map<string, bigint>();
  for (const a of allocations) merged.set(a.invoiceId, (merged.get(a.invoiceId) ?? 0n) + a.amount);
  return [...merged].map(([invoiceId, amount]) => ({ invoiceId, amount }));
}
