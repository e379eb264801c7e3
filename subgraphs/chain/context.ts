import type { DataSource } from 'typeorm';
import type { BaseRequestContext } from '../../common/request-context';
import { createLoaders, type ChainLoaders } from './loaders';
import type { ExposureOptions } from './loaders/exposure.loader';
import type { TransferPageReadAhead } from './loaders/transfer-page.loader';

/** What every resolver of the chain subgraph receives. */
export interface ChainContext extends BaseRequestContext {
  readonly dataSource: DataSource;
  readonly loaders: ChainLoaders;
}

/**
 * A fresh context (fresh loaders) per request. `readAhead`: the process's pages read ahead,
 * used when the gateway marked the request as an export page.
 */
export function createContext(base: BaseRequestContext, dataSource: DataSource, opts: ExposureOptions = {}, readAhead?: TransferPageReadAhead): ChainContext {
  return { ...base, dataSource, loaders: createLoaders(dataSource, opts, base.exportPage ? readAhead : undefined) };
}
