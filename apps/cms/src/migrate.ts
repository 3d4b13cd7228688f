import { runMigrationsCli } from '@platform/database';
import { cmsSubgraph } from './cms.subgraph';

void runMigrationsCli(cmsSubgraph.database);
