import { badUserInput, DomainError, minorFromDecimal } from '@platform/graphql';
import { DealStatus } from './deal.model';
import { CrmErrorCode } from '../shared/crm-error-codes';

/** The one code for every refused move: a stage elsewhere, the same stage, or a deal already won or lost. */
export const ILLEGAL_STAGE_MOVE = CrmErrorCode.IllegalStageMove;

/** The largest amount a bigint column holds. */
const MAX_MINOR = 9_223_372_036_854_775_807n;

export interface MoneyValue {
  amount: string;
  currency: string;
}

export interface LineInput {
  productId: string;
  description?: string | null;
  quantity: number;
  unitPrice: MoneyValue;
}

export interface PricedLine {
  productId: string;
  description: string | null;
  quantity: number;
  unitPriceMinor: bigint;
}

/** Minor units of an amount; more decimals than the currency has (or no such currency) is the caller's mistake. */
export function toMinor(money: MoneyValue, field: string): bigint {
  try {
    return minorFromDecimal(money.amount, money.currency);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badUserInput(`${field}: ${message}`, { [field]: [message] });
  }
}

/** Lines priced in minor units, all in one currency, and their sum. */
export function priceLines(lines: readonly LineInput[], field = 'lineItems'): { currency: string; totalMinor: bigint; lines: PricedLine[] } | undefined {
  if (!lines.length) return undefined;
  const currencies = [...new Set(lines.map((l) => l.unitPrice.currency))];
  if (currencies.length > 1) {
    throw badUserInput(`All line items must be in one currency; got ${currencies.join(', ')}`, { [field]: [`mixed currencies: ${currencies.join(', ')}`] });
  }
  const priced = lines.map((l, i) => ({
    productId: l.productId,
    description: l.description ?? null,
    quantity: l.quantity,
    unitPriceMinor: toMinor(l.unitPrice, `${field}.${i}.unitPrice`),
  }));
  const totalMinor = priced.reduce((sum, l) => sum + l.unitPriceMinor * BigInt(l.quantity), 0n);
  if (totalMinor > MAX_MINOR) throw badUserInput(`The line items add up to more than a deal can hold`, { [field]: ['total too large'] });
  return { currency: currencies[0], totalMinor, lines: priced };
}

/**
 * A deal's amount: the sum of its line items when it has any (an amount given
 * as well must agree with it), else the amount given, which is then required.
 */
export function dealAmount(lines: readonly LineInput[] | null | undefined, amount: MoneyValue | null | undefined): { currency: string; minor: bigint; lines: PricedLine[] } {
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
    return new DomainError(ILLEGAL_STAGE_MOVE, `Stage ${stage.name} (${stage.id}) belongs to another pipeline; pick a stage of the deal's pipeline ${deal.pipelineId}`, {
      dealId: deal.id,
      stageId: stage.id,
    });
  }
  if (stage.id === deal.stageId) {
    return new DomainError(ILLEGAL_STAGE_MOVE, `Deal ${deal.id} is already in stage ${stage.name}`, { dealId: deal.id, stageId: stage.id });
  }
  return undefined;
}
