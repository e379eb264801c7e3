import type { DataSource } from 'typeorm';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type ChainLoaders } from './loaders';
import type { ExposureOptions } from './loaders/exposure.loader';

/** What every resolver of the chain subgraph receives. */
export interface ChainContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: ChainLoaders;
}

/** A fresh context (fresh loaders) per request. */
export function createContext(base: BaseRequestContext, dataSource: DataSource, opts: ExposureOptions = {}): ChainContext {
  return { ...base, dataSource, loaders: createLoaders(dataSource, opts) };
}
