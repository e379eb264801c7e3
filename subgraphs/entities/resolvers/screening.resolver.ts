import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { InputError } from '../../../common/errors';
import type { EntitiesContext } from '../context';
import { ScreenInput, ScreeningMatch } from '../types/inputs';
import { toSanctionedEntity } from './mappers';

@Resolver()
export class ScreeningResolver {
  @Query(() => [ScreeningMatch], {
    description: 'Screens a name against every listed name and alias; returns the best-matching parties with a score from 0 to 100, best first.',
  })
  async screen(@Arg('input', () => ScreenInput) input: ScreenInput, @Ctx() ctx: EntitiesContext): Promise<ScreeningMatch[]> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 300) {
      throw new InputError('input.name', 'must have 1 to 300 characters');
    }
    const minScore = input.minScore ?? 85;
    if (!(minScore >= 0 && minScore <= 100)) {
      throw new InputError('input.minScore', 'must be from 0 to 100');
    }
    const limit = input.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new InputError('input.limit', 'must be an integer from 1 to 100');
    }
    const hits = await ctx.screening.search(name, minScore, limit);
    const rows = await ctx.loaders.party.loadMany(hits.map(h => h.partyId));
    return hits.flatMap((h, i) => {
      const row = rows[i];
      return row && !(row instanceof Error)
        ? [{ entity: toSanctionedEntity(row, null), score: h.score, matchedName: h.matchedName, matchedOn: h.matchedOn }]
        : [];
    });
  }
}
