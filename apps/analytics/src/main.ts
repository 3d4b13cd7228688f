import { runMain, startSubgraph } from '@platform/service';
import { analyticsSubgraph } from './analytics.subgraph';

runMain(() => startSubgraph(analyticsSubgraph));
