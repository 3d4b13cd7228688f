import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import type { SubgraphService } from '@platform/service';
import { Customer } from './customers/customer.model';
import { AnalyticsModule } from './analytics.module';
import { CreateProfiles1763900000000 } from './migrations/1763900000000-create-profiles';
import { ProfileEntity } from './profiles/profile.entity';
import { ProfilesConsumer } from './profiles/profiles.consumer';

/** Analytics (CDP): the unified customer profile. Extends Customer with profile. */
export const analyticsSubgraph: SubgraphService = {
  name: 'analytics',
  defaultPort: SUBGRAPH_PORTS.analytics,
  database: { applicationName: 'analytics', entities: [ProfileEntity], migrations: [CreateProfiles1763900000000, EventTables1763900001000] },
  extendedEntities: [Customer],
  imports: [AnalyticsModule],
  consumers: [ProfilesConsumer],
};
