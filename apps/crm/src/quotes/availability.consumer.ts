import { Injectable } from '@nestjs/common';
import { availabilityChangedV1, on } from '@platform/events';
import type { EventConsumer } from '@platform/service';

/**
 * Keeps product_availability, the stock quotes are checked against, at the
 * newest report inventory sent: a report older than the one stored (arriving
 * late or replayed) changes nothing. Two reports of the same instant arrive in
 * the order inventory sent them (keyed by product), so the later one wins.
 */
@Injectable()
export class AvailabilityConsumer implements EventConsumer {
  readonly group = 'crm.availability';
  readonly bindings = [
    on(availabilityChangedV1, async (data, _event, manager) => {
      await manager.query(
        // The contract allows any safe integer; the column (and GraphQL Int) hold 32 bits, and no quote
        // line can ask for more than that anyway, so an out-of-range report is stored at the bound.
        `INSERT INTO product_availability AS pa (product_id, sku, available, as_of)
         VALUES ($1, $2, least(greatest($3::bigint, -2147483648), 2147483647)::int, $4)
         ON CONFLICT (product_id) DO UPDATE SET sku = excluded.sku, available = excluded.available, as_of = excluded.as_of
         WHERE pa.as_of <= excluded.as_of`,
        [data.productId, data.sku, data.available, data.changedAt],
      );
    }),
  ];
}
