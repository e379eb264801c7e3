import { ChainInit1732600000000 } from './1732600000000-init';
import { ChainScale1732700000000 } from './1732700000000-scale';
import { ChainLegDetails1732800000000 } from './1732800000000-leg-details';

/** The chain subgraph's migrations, in order. */
export const CHAIN_MIGRATIONS = [ChainInit1732600000000, ChainScale1732700000000, ChainLegDetails1732800000000];
