import type { ChainContext } from '../context';
import { toTransfer } from '../resolvers/mappers';
import type { Transfer } from '../types/transfer.type';

/** Resolves `Transfer` representations, batched per request; null for an unknown id. */
export async function resolveTransfer(ref: { id: string }, ctx: ChainContext): Promise<Transfer | null> {
  const row = await ctx.loaders.transfer.load(ref.id);
  return row ? toTransfer(row) : null;
}
