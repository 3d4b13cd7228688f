import { customerCreatedV1, customerUpdatedV1, eventOf, type NewEvent } from '@platform/events';
import type { CustomerField, CustomerRow } from './customers.repository';

/** The events of the customer aggregate, keyed by the customer, built from its row: the one place a customer becomes an event payload. */
export const customerEvents = {
  created: (customer: CustomerRow): NewEvent<unknown> =>
    eventOf(
      customerCreatedV1,
      customer.id,
      { customerId: customer.id, name: customer.name, email: customer.email, createdAt: customer.createdAt.toISOString() },
      { time: customer.createdAt },
    ),

  /** crm.customer.updated: the state after the change, naming the fields that changed. */
  updated: (customer: CustomerRow, changed: readonly CustomerField[]): NewEvent<unknown> =>
    eventOf(
      customerUpdatedV1,
      customer.id,
      {
        customerId: customer.id,
        name: customer.name,
        email: customer.email,
        kind: customer.kind,
        changed: [...changed],
        updatedAt: customer.updatedAt.toISOString(),
      },
      { time: customer.updatedAt },
    ),
};
