import 'reflect-metadata';
import { reportStartFailure, runSubgraph } from '../../common/run-subgraph';
import { casesStorage, createSubgraph, seedDemo } from './index';

runSubgraph({ name: 'cases', storage: casesStorage, createSubgraph, seedDemo: ds => seedDemo(ds) }).catch((err: unknown) => {
  reportStartFailure('cases', err);
  process.exit(1);
});
