import type { EntitiesContext } from '../context';
import { toSanctionedEntity } from '../resolvers/mappers';
import type { SanctionedEntity } from '../types/sanctioned-entity.type';

/** Resolves `SanctionedEntity` representations from other subgraphs, batched per request. */
export async function resolveSanctionedEntity(ref: { id: string }, ctx: EntitiesContext): Promise<SanctionedEntity | null> {
  const row = await ctx.loaders.party.load(ref.id);
  return row ? toSanctionedEntity(row, null) : null;
}
