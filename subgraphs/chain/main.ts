import 'reflect-metadata';
import { reportStartFailure, runSubgraph } from '../../common/run-subgraph';
import { chainStorage, createSubgraph, seedDemo } from './index';

runSubgraph({ name: 'chain', storage: chainStorage, createSubgraph, seedDemo: ds => seedDemo(ds) }).catch((err: unknown) => {
  reportStartFailure('chain', err);
  process.exit(1);
});
