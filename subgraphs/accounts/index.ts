import type { Subgraph, SubgraphDeps } from '../../common/subgraph';
import { createContext, type AccountsContext } from './context';
import { ACCOUNTS_MIGRATIONS } from './migrations';
import { buildAccountsSchema } from './schema';
import { ACCOUNTS_RECORDS } from './store';

/** Tables and migrations, for `openDatabase`. */
export const accountsStorage = { entities: ACCOUNTS_RECORDS, migrations: ACCOUNTS_MIGRATIONS };

/** The accounts subgraph: accounts at exchanges, their holders, and their links to sanctioned parties. No side effects. */
export async function createSubgraph(deps: SubgraphDeps): Promise<Subgraph<AccountsContext>> {
  const schema = await buildAccountsSchema();
  return {
    name: 'accounts',
    schema,
    createContext: base => createContext(base, deps.database.dataSource),
  };
}

export { seedDemo } from './demo/seed';
