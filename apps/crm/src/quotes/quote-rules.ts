import { DomainError } from '@platform/graphql';
import { AvailabilityStatus, type LineAvailability, QuoteStatus } from './quote.model';
import { CrmErrorCode } from '../shared/crm-error-codes';

const NEXT: Record<QuoteStatus, readonly QuoteStatus[]> = {
  [QuoteStatus.DRAFT]: [QuoteStatus.SENT, QuoteStatus.REJECTED],
  [QuoteStatus.SENT]: [QuoteStatus.ACCEPTED, QuoteStatus.REJECTED],
  [QuoteStatus.ACCEPTED]: [],
  [QuoteStatus.REJECTED]: [],
};

/** Why a quote may not go from `from` to `to`, or undefined when it may. */
export function transitionRefusal(quoteId: string, from: QuoteStatus, to: QuoteStatus): DomainError | undefined {
  if (NEXT[from].includes(to)) return undefined;
  const allowed = NEXT[from].map((s) => s.toUpperCase());
  return new DomainError(
    CrmErrorCode.IllegalQuoteTransition,
    `Quote ${quoteId} is ${from.toUpperCase()} and cannot become ${to.toUpperCase()}; ${allowed.length ? `it can become ${allowed.join(' or ')}` : 'it is final'}`,
    { quoteId, from: from.toUpperCase(), to: to.toUpperCase() },
  );
}

export interface StockReport {
  productId: string;
  available: number;
  asOf: Date;
}

/** A line's stock: unknown until inventory reports the product. */
export function lineAvailability(quantity: number, report: StockReport | undefined): LineAvailability {
  if (!report) return { status: AvailabilityStatus.UNKNOWN, available: null, asOf: null };
  return {
    status: report.available >= quantity ? AvailabilityStatus.AVAILABLE : AvailabilityStatus.INSUFFICIENT,
    available: report.available,
    asOf: report.asOf,
  };
}

/**
 * The first product whose requested quantity (summed over the lines) exceeds
 * what inventory reported; products never reported pass (inventory makes the
 * final reservation).
 */
export function stockShortage(lines: readonly { productId: string; quantity: number }[], reports: readonly StockReport[]): DomainError | undefined {
  const requested = new Map<string, number>();
  for (const line of lines) requested.set(line.productId, (requested.get(line.productId) ?? 0) + line.quantity);
  const known = new Map(reports.map((r) => [r.productId, r]));
  for (const [productId, quantity] of requested) {
    const report = known.get(productId);
    if (report && quantity > report.available) {
      return new DomainError(
        CrmErrorCode.InsufficientStock,
        `Product ${productId}: ${quantity} requested but only ${Math.max(report.available, 0)} available (as of ${report.asOf.toISOString()}); lower the quantity`,
        { productId, requested: quantity, available: report.available },
      );
    }
  }
  return undefined;
}
