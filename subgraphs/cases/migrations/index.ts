import { CasesInit1732500000000 } from './1732500000000-init';

/** The cases subgraph's migrations, in order. */
export const CASES_MIGRATIONS = [CasesInit1732500000000];
