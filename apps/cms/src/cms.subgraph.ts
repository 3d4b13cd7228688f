import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { ContentTypeEntity } from './content-types/content-type.entity';
import { ContentTypesModule } from './content-types/content-types.module';
import { CreateContentTypes1763900000000 } from './migrations/1763900000000-create-content-types';

/** CMS: content models, entries and publishing. */
export const cmsSubgraph: SubgraphService = {
  name: 'cms',
  defaultPort: SUBGRAPH_PORTS.cms,
  database: {
    applicationName: 'cms',
    entities: [ContentTypeEntity],
    migrations: [CreateContentTypes1763900000000, EventTables1763900001000, AuditLog1763900002000],
  },
  auditQuery: 'cmsAuditLog',
  imports: [ContentTypesModule],
};
