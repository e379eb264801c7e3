import { CasesInit1732500000000 } from './1732500000000-init';
import { CasesWorkflow1733000000000 } from './1733000000000-workflow';

/** The cases subgraph's migrations, in order. */
export const CASES_MIGRATIONS = [CasesInit1732500000000, CasesWorkflow1733000000000];
