import type { EntityManager } from 'typeorm';
import { dealLostV1, dealStageChangedV1, dealWonV1, type Outbox } from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import type { DealLineItem } from './deal.model';
import type { DealRow } from './deals.repository';
import { DealStatus } from './deal.model';

/** crm.deal.stage-changed: the deal as it now is, where it came from and its new stage's win probability. */
export async function emitStageChanged(
  outbox: Outbox,
  manager: EntityManager,
  deal: DealRow,
  change: { fromStageId: string | null; probability: number; changedAt: Date },
): Promise<void> {
  await outbox.emit(
    manager,
    dealStageChangedV1,
    deal.id,
    {
      dealId: deal.id,
      customerId: deal.customerId,
      pipelineId: deal.pipelineId,
      fromStageId: change.fromStageId,
      toStageId: deal.stageId,
      probability: change.probability,
      changedAt: change.changedAt.toISOString(),
    },
    { time: change.changedAt },
  );
}

/** crm.deal.won (with what was sold) or crm.deal.lost, as the closed deal says. */
export async function emitClosed(outbox: Outbox, manager: EntityManager, deal: DealRow, lineItems: readonly DealLineItem[]): Promise<void> {
  if (deal.status === DealStatus.OPEN || !deal.closedAt || !deal.closeReason) throw new Error(`deal ${deal.id} is not closed`);
  const amount = moneyFromMinor(deal.amountMinor, deal.currency);
  const closedAt = deal.closedAt.toISOString();
  if (deal.status === DealStatus.WON) {
    const data = {
      dealId: deal.id,
      customerId: deal.customerId,
      contactId: deal.contactId,
      ownerId: deal.ownerId,
      amount,
      lineItems: lineItems.map((l) => ({ productId: l.productId, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice })),
      reason: deal.closeReason,
      wonAt: closedAt,
    };
    await outbox.emit(manager, dealWonV1, deal.id, data, { time: deal.closedAt });
  } else {
    const data = { dealId: deal.id, customerId: deal.customerId, amount, reason: deal.closeReason, lostAt: closedAt };
    await outbox.emit(manager, dealLostV1, deal.id, data, { time: deal.closedAt });
  }
}
