import { runMigrationsCli } from '@platform/database';
import { analyticsSubgraph } from './analytics.subgraph';

void runMigrationsCli(analyticsSubgraph.database);
