import { runMain, startSubgraph } from '@platform/service';
import { cmsSubgraph } from './cms.subgraph';

runMain(() => startSubgraph(cmsSubgraph));
