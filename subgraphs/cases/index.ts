import { AuditLog } from '../../common/audit/audit-log';
import type { Subgraph, SubgraphDeps } from '../../common/subgraph';
import { createContext, type CasesContext } from './context';
import { CASES_MIGRATIONS } from './migrations';
import { buildCasesSchema } from './schema';
import { CaseWorkflow } from './service/case-workflow';
import { CASES_RECORDS } from './store';

/** Tables and migrations, for `openDatabase`. */
export const casesStorage = { entities: CASES_RECORDS, migrations: CASES_MIGRATIONS };

/** The cases subgraph: investigations, their subjects, the actions taken, and their timelines. No side effects. */
export interface CasesOptions {
  /** Audit logging (default on). Off only to measure what the audit costs; the services never turn it off. */
  readonly audit?: boolean;
}

export async function createSubgraph(deps: SubgraphDeps, opts: CasesOptions = {}): Promise<Subgraph<CasesContext>> {
  const schema = await buildCasesSchema();
  const workflow = new CaseWorkflow(deps.database.dataSource, new AuditLog({ enabled: opts.audit ?? true }));
  return {
    name: 'cases',
    schema,
    createContext: base => createContext(base, deps.database.dataSource, workflow),
  };
}

export { CaseWorkflow } from './service/case-workflow';
export { seedDemo } from './demo/seed';
