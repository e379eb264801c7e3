import { ChainInit1732600000000 } from './1732600000000-init';
import { ChainScale1732700000000 } from './1732700000000-scale';

/** The chain subgraph's migrations, in order. */
export const CHAIN_MIGRATIONS = [ChainInit1732600000000, ChainScale1732700000000];
