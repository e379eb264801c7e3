import { AccountsInit1732500000000 } from './1732500000000-init';

/** The accounts subgraph's migrations, in order. */
export const ACCOUNTS_MIGRATIONS = [AccountsInit1732500000000];
