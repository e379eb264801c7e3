import { AuditLog } from '../../common/audit/audit-log';
import type { Subgraph, SubgraphDeps } from '../../common/subgraph';
import { createContext, type AccountsContext } from './context';
import { ACCOUNTS_MIGRATIONS } from './migrations';
import { buildAccountsSchema } from './schema';
import { AccountWorkflow } from './service/account-workflow';
import { ACCOUNTS_RECORDS } from './store';

/** Tables and migrations, for `openDatabase`. */
export const accountsStorage = { entities: ACCOUNTS_RECORDS, migrations: ACCOUNTS_MIGRATIONS };

export interface AccountsOptions {
  /**
   * Audit logging (default on). Off only to measure what the audit costs (the benchmark); the
   * services never turn it off.
   */
  readonly audit?: boolean;
}

/** The accounts subgraph: accounts at exchanges, their holders, and their links to sanctioned parties. No side effects. */
export async function createSubgraph(deps: SubgraphDeps, opts: AccountsOptions = {}): Promise<Subgraph<AccountsContext>> {
  const schema = await buildAccountsSchema();
  const workflow = new AccountWorkflow(deps.database.dataSource, new AuditLog({ enabled: opts.audit ?? true }));
  return {
    name: 'accounts',
    schema,
    createContext: base => createContext(base, deps.database.dataSource, workflow),
  };
}

export { AccountWorkflow } from './service/account-workflow';
export { seedDemo } from './demo/seed';
