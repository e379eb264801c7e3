import type { Subgraph, SubgraphDeps } from '../../common/subgraph';
import { createContext, type ChainContext } from './context';
import { TransferPageReadAhead } from './loaders/transfer-page.loader';
import { CHAIN_MIGRATIONS } from './migrations';
import { buildChainSchema } from './schema';
import { CHAIN_RECORDS } from './store';

/** Tables and migrations, for `openDatabase`. */
export const chainStorage = { entities: CHAIN_RECORDS, migrations: CHAIN_MIGRATIONS };

/** The chain subgraph: transfers between addresses and exposure to sanctioned ones. No side effects. */
export async function createSubgraph(deps: SubgraphDeps): Promise<Subgraph<ChainContext>> {
  const schema = await buildChainSchema();
  const readAhead = new TransferPageReadAhead(deps.database.dataSource);
  return {
    name: 'chain',
    schema,
    createContext: base => createContext(base, deps.database.dataSource, {}, readAhead),
    // Reading transfers has no effects: an export's next page may be answered ahead.
    readAhead: true,
  };
}

export { seedDemo } from './demo/seed';
export { replaceSanctionedAddresses } from './store/writes';
