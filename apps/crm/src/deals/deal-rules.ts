import { badUserInput, DomainError } from '@platform/graphql';
import { DealStatus } from './deal.model';
import { CrmErrorCode } from '../shared/crm-error-codes';
import { type LineInput, type MoneyValue, type PricedLine, priceLines, toMinor } from '../shared/line-pricing';

/** The one code for every refused move: a stage elsewhere, the same stage, or a deal already won or lost. */
export const ILLEGAL_STAGE_MOVE = CrmErrorCode.IllegalStageMove;

/**
 * A deal's amount: the sum of its line items when it has any (an amount given
 * as well must agree with it), else the amount given, which is then required.
 */
export function dealAmount(
  lines: readonly LineInput[] | null | undefined,
  amount: MoneyValue | null | undefined,
): { currency: string; minor: bigint; lines: PricedLine[] } {
  const priced = priceLines(lines ?? []);
  if (!priced) {
    if (!amount) throw badUserInput('A deal without line items needs an amount', { amount: ['required when there are no line items'] });
    return { currency: amount.currency, minor: toMinor(amount, 'amount'), lines: [] };
  }
  if (amount) {
    const given = toMinor(amount, 'amount');
    if (amount.currency !== priced.currency || given !== priced.totalMinor) {
      throw badUserInput(`amount ${amount.amount} ${amount.currency} does not equal the sum of the line items; leave it out to use the sum`, {
        amount: ['must equal the sum of the line items'],
      });
    }
  }
  return { currency: priced.currency, minor: priced.totalMinor, lines: priced.lines };
}

export interface DealState {
  id: string;
  status: DealStatus | `${DealStatus}`;
  pipelineId: string;
  stageId: string;
}

export interface StageRef {
  id: string;
  pipelineId: string;
  name: string;
}

/** A won or lost deal stays where it is. */
export function closedRefusal(deal: DealState): DomainError | undefined {
  if (deal.status === DealStatus.OPEN) return undefined;
  return new DomainError(ILLEGAL_STAGE_MOVE, `Deal ${deal.id} is already ${deal.status}; a closed deal cannot be moved, closed again or changed`, {
    dealId: deal.id,
    status: deal.status.toUpperCase(),
  });
}

/** Why moving `deal` into `stage` is refused, or undefined when it is allowed. */
export function moveRefusal(deal: DealState, stage: StageRef): DomainError | undefined {
  const closed = closedRefusal(deal);
  if (closed) return closed;
  if (stage.pipelineId !== deal.pipelineId) {
    return new DomainError(
      ILLEGAL_STAGE_MOVE,
      `Stage ${stage.name} (${stage.id}) belongs to another pipeline; pick a stage of the deal's pipeline ${deal.pipelineId}`,
      {
        dealId: deal.id,
        stageId: stage.id,
      },
    );
  }
  if (stage.id === deal.stageId) {
    return new DomainError(ILLEGAL_STAGE_MOVE, `Deal ${deal.id} is already in stage ${stage.name}`, { dealId: deal.id, stageId: stage.id });
  }
  return undefined;
}
