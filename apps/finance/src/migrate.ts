import { runMigrationsCli } from '@platform/database';
import { financeSubgraph } from './finance.subgraph';

void runMigrationsCli(financeSubgraph.database);
