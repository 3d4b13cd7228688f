import type { EntityManager } from 'typeorm';
import { type Outbox, paymentReceivedV1 } from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import type { NewAllocation, PaymentRow } from './payments.repository';

/** finance.payment.received: the payment, how it was allocated and the credit it left. */
export async function emitReceived(outbox: Outbox, manager: EntityManager, payment: PaymentRow, allocations: readonly NewAllocation[]): Promise<void> {
  await outbox.emit(
    manager,
    paymentReceivedV1,
    payment.id,
    {
      paymentId: payment.id,
      customerId: payment.customerId,
      amount: moneyFromMinor(payment.amountMinor, payment.currency),
      reference: payment.reference,
      allocations: allocations.map((a) => ({ invoiceId: a.invoiceId, amount: moneyFromMinor(a.amount, payment.currency) })),
      unapplied: moneyFromMinor(payment.unappliedMinor, payment.currency),
      receivedOn: payment.receivedOn,
      recordedAt: payment.createdAt.toISOString(),
    },
    { time: payment.createdAt },
  );
}
