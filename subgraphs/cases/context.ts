import type { DataSource } from 'typeorm';
import type { AuditActor } from '../../common/audit/audit-log';
import { requestActor } from '../../common/audit/read-audit';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type CasesLoaders } from './loaders';
import type { CaseWorkflow } from './service/case-workflow';

/** What every resolver of the cases subgraph receives. */
export interface CasesContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: CasesLoaders;
  readonly workflow: CaseWorkflow;
  /** Who the timeline and the audit trail name for this request's changes (the caller, or "anonymous"), and from where. */
  readonly actor: AuditActor;
}

/** A fresh context (fresh loaders) per request. */
export function createContext(base: BaseRequestContext, dataSource: DataSource, workflow: CaseWorkflow): CasesContext {
  return { ...base, dataSource, loaders: createLoaders(dataSource), workflow, actor: requestActor(base) };
}
