import { runMain, startSubgraph } from '@platform/service';
import { financeSubgraph } from './finance.subgraph';

runMain(() => startSubgraph(financeSubgraph));
