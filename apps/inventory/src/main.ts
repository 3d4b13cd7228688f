import { runMain, startSubgraph } from '@platform/service';
import { inventorySubgraph } from './inventory.subgraph';

runMain(() => startSubgraph(inventorySubgraph));
