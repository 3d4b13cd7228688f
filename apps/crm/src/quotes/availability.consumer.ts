import { Injectable } from '@nestjs/common';
import { availabilityChangedV1, on } from '@platform/events';
import type { EventConsumer } from '@platform/service';
import { QuotesRepository } from './quotes.repository';

/**
 * Keeps product_availability, the stock quotes are checked against, at the
 * newest report inventory sent: a report older than the one stored (arriving
 * late or replayed) changes nothing. Two reports of the same instant arrive in
 * the order inventory sent them (keyed by product), so the later one wins.
 */
@Injectable()
export class AvailabilityConsumer implements EventConsumer {
  readonly group = 'crm.availability';
  readonly bindings = [on(availabilityChangedV1, (data, _event, manager) => this.quotes.recordStockIn(manager, data))];

  constructor(private readonly quotes: QuotesRepository) {}
}
