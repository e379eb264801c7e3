import type { CasesContext } from '../context';
import { toCase } from '../resolvers/mappers';
import type { Case } from '../types/case.type';

/** Resolves `Case` representations from other subgraphs, batched per request. */
export async function resolveCase(ref: { id: string }, ctx: CasesContext): Promise<Case | null> {
  const row = await ctx.loaders.case.load(ref.id);
  return row ? toCase(row) : null;
}
