import type { SortOrder } from '@platform/graphql';
import type { Deal } from './deal.model';
import { DealSortDirection, DealSortField, type DealSort } from './dto/deals-filter.input';

/** Deals sort after this date when they have no expected close date (a cursor must carry a real date). */
const NO_CLOSE_DATE = '9999-12-31';

/** The sort key of the close date, as indexed (deals_expected_close_id_idx). */
export const CLOSE_DATE_KEY = `coalesce(d.expected_close_date, DATE '${NO_CLOSE_DATE}')`;

export function dealSortOrder(sort?: DealSort | null): SortOrder {
  const field = sort?.field ?? DealSortField.CREATED_AT;
  const direction = sort?.direction ?? DealSortDirection.ASC;
  const tag = `deals.${field}.${direction}`;
  switch (field) {
    case DealSortField.AMOUNT:
      return { tag, expression: 'd.amount_minor', type: 'bigint', direction };
    case DealSortField.EXPECTED_CLOSE_DATE:
      return { tag, expression: CLOSE_DATE_KEY, type: 'date', direction };
    default:
      return { tag, expression: 'd.created_at', type: 'timestamptz', direction };
  }
}

/** The value a deal's cursor carries under a sort order. */
export function dealSortValue(sort: SortOrder, deal: Deal): string | Date {
  if (sort.type === 'bigint') return deal.amountMinor;
  if (sort.type === 'date') return deal.expectedCloseDate ?? NO_CLOSE_DATE;
  return deal.createdAt;
}

/** A customer's deals: oldest first. */
export const CUSTOMER_DEALS_ORDER: SortOrder = dealSortOrder({ field: DealSortField.CREATED_AT, direction: DealSortDirection.ASC });
