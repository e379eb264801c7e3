import type { DataSource } from 'typeorm';
import type { AuditActor } from '../../common/audit/audit-log';
import { requestActor } from '../../common/audit/read-audit';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type AccountsLoaders } from './loaders';
import type { AccountWorkflow } from './service/account-workflow';

/** What every resolver of the accounts subgraph receives. */
export interface AccountsContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: AccountsLoaders;
  readonly workflow: AccountWorkflow;
  /** Who the audit trail names for this request, and from where. */
  readonly actor: AuditActor;
}

/** A fresh context (fresh loaders) per request, so no cached row outlives its request. */
export function createContext(base: BaseRequestContext, dataSource: DataSource, workflow: AccountWorkflow): AccountsContext {
  const actor = requestActor(base);
  return { ...base, dataSource, workflow, actor, loaders: createLoaders(dataSource, { audit: workflow.audit, actor }) };
}
