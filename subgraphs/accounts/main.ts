import 'reflect-metadata';
import { reportStartFailure, runSubgraph } from '../../common/run-subgraph';
import { accountsStorage, createSubgraph, seedDemo } from './index';

runSubgraph({ name: 'accounts', storage: accountsStorage, createSubgraph, seedDemo: ds => seedDemo(ds) }).catch((err: unknown) => {
  reportStartFailure('accounts', err);
  process.exit(1);
});
