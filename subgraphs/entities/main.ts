import 'reflect-metadata';
import { reportStartFailure, runSubgraph } from '../../common/run-subgraph';
import { createSubgraph, entitiesStorage, seedDemo } from './index';

runSubgraph({ name: 'entities', storage: entitiesStorage, createSubgraph, seedDemo: ds => seedDemo(ds) }).catch((err: unknown) => {
  reportStartFailure('entities', err);
  process.exit(1);
});
