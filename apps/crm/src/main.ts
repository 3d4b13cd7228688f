import { runMain, startSubgraph } from '@platform/service';
import { crmSubgraph } from './crm.subgraph';

runMain(() => startSubgraph(crmSubgraph));
