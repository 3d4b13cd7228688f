import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { z } from 'zod';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { Customer } from './customers/customer.model';
import { AnalyticsModule } from './analytics.module';
import { DomainEventsConsumer } from './domain/domain-events.consumer';
import { CreateProfiles1763900000000 } from './migrations/1763900000000-create-profiles';
import { TrackingIngestion1764300000000 } from './migrations/1764300000000-tracking-ingestion';
import { IdentityGraph1764300001000 } from './migrations/1764300001000-identity-graph';
import { AnalystViews1764300003000 } from './migrations/1764300003000-analyst-views';
import { Segments1764300004000 } from './migrations/1764300004000-segments';
import { ProfileEntity } from './profiles/profile.entity';
import { ProfilesConsumer } from './profiles/profiles.consumer';
import { AnalyticsErrorCode } from './shared/analytics-error-codes';
import { trackingBodyMiddleware } from './tracking/tracking-body';

/** Analytics (CDP): Segment-compatible tracking, the identity graph and the unified profiles. Extends Customer with profile. */
export const analyticsSubgraph: SubgraphService = {
  name: 'analytics',
  defaultPort: SUBGRAPH_PORTS.analytics,
  database: {
    applicationName: 'analytics',
    entities: [ProfileEntity],
    migrations: [
      CreateProfiles1763900000000,
      EventTables1763900001000,
      AuditLog1763900002000,
      TrackingIngestion1764300000000,
      IdentityGraph1764300001000,
      AnalystViews1764300003000,
      Segments1764300004000,
    ],
  },
  extendedEntities: [Customer],
  config: {
    RAW_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(31, { error: 'must be at least 31 (a month)' }).max(3650).default(395),
  },
  errorCodes: AnalyticsErrorCode,
  auditQuery: 'analyticsAuditLog',
  imports: [AnalyticsModule],
  consumers: [ProfilesConsumer, DomainEventsConsumer],
  configureApp: (app) => app.use('/v1', trackingBodyMiddleware),
};
