import type { AccountsContext } from '../context';
import { toAccount } from '../resolvers/mappers';
import type { Account } from '../types/account.type';

/** Resolves `Account` representations from other subgraphs, batched per request. */
export async function resolveAccount(ref: { id: string }, ctx: AccountsContext): Promise<Account | null> {
  const row = await ctx.loaders.account.load(String(ref.id));
  return row ? toAccount(row) : null;
}
