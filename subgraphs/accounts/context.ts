import type { DataSource } from 'typeorm';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type AccountsLoaders } from './loaders';

/** What every resolver of the accounts subgraph receives. */
export interface AccountsContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: AccountsLoaders;
}

/** A fresh context (fresh loaders) per request, so no cached row outlives its request. */
export function createContext(base: BaseRequestContext, dataSource: DataSource): AccountsContext {
  return { ...base, dataSource, loaders: createLoaders(dataSource) };
}
