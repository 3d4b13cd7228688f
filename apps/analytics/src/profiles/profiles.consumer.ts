import { Injectable } from '@nestjs/common';
import { customerCreatedV1, on } from '@platform/events';
import type { EventConsumer } from '@platform/service';

/** Opens a customer's profile when crm reports the customer, dated by the event. */
@Injectable()
export class ProfilesConsumer implements EventConsumer {
  readonly group = 'analytics.profiles';
  readonly bindings = [
    on(customerCreatedV1, async (data, event, manager) => {
      await manager.query(
        `INSERT INTO profiles (id, customer_id, first_seen_at) VALUES (gen_random_uuid(), $1, $2)
         ON CONFLICT (customer_id) DO UPDATE SET first_seen_at = least(profiles.first_seen_at, excluded.first_seen_at)`,
        [data.customerId, event.time],
      );
    }),
  ];
}
