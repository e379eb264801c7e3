import { ChainInit1732600000000 } from './1732600000000-init';

/** The chain subgraph's migrations, in order. */
export const CHAIN_MIGRATIONS = [ChainInit1732600000000];
