import type { DataSource } from 'typeorm';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type EntitiesLoaders } from './loaders';
import type { ScreeningIndex } from './screening/index-cache';

/** What every resolver of the entities subgraph receives. */
export interface EntitiesContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: EntitiesLoaders;
  readonly screening: ScreeningIndex;
}

/** A fresh context (fresh loaders) per request. */
export function createContext(base: BaseRequestContext, dataSource: DataSource, screening: ScreeningIndex): EntitiesContext {
  return { ...base, dataSource, loaders: createLoaders(dataSource), screening };
}
