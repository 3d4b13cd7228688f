import { runMigrationsCli } from '@platform/database';
import { inventorySubgraph } from './inventory.subgraph';

void runMigrationsCli(inventorySubgraph.database);
