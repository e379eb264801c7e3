import { AccountsInit1732500000000 } from './1732500000000-init';
import { AccountsWorkflow1733000000000 } from './1733000000000-workflow';

/** The accounts subgraph's migrations, in order. */
export const ACCOUNTS_MIGRATIONS = [AccountsInit1732500000000, AccountsWorkflow1733000000000];
