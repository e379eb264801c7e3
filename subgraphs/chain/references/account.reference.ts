import type { Account } from '../types/account.type';

/**
 * An `Account` representation is all this subgraph knows of an account: its id and, when a
 * field `@requires` them, the deposit addresses the gateway fetched from the accounts subgraph.
 * Returned unchanged, without a query.
 */
export function resolveAccount(ref: Account): Account {
  return ref;
}
