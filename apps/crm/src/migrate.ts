import { runMigrationsCli } from '@platform/database';
import { crmSubgraph } from './crm.subgraph';

void runMigrationsCli(crmSubgraph.database);
