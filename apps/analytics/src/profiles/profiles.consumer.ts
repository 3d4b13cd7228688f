import { Injectable } from '@nestjs/common';
import { customerCreatedV1, type EventData, type EventHandler } from '@platform/events';
import type { EventConsumer } from '@platform/service';

/** Opens a customer's profile when crm reports the customer, dated by the event. */
@Injectable()
export class ProfilesConsumer implements EventConsumer {
  readonly group = 'analytics.profiles';
  readonly topics = [customerCreatedV1.topic];
  readonly handlers: Record<string, EventHandler> = {
    [customerCreatedV1.type]: async (event, manager) => {
      const data = event.data as EventData<typeof customerCreatedV1>;
      await manager.query(
        `INSERT INTO profiles (id, customer_id, first_seen_at) VALUES (gen_random_uuid(), $1, $2)
         ON CONFLICT (customer_id) DO UPDATE SET first_seen_at = least(profiles.first_seen_at, excluded.first_seen_at)`,
        [data.customerId, event.time],
      );
    },
  };
}
