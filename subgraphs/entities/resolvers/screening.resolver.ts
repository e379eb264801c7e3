import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Chain, displayAddress, normalizeAddress } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import { DateScalar } from '../../../common/scalars';
import type { EntitiesContext } from '../context';
import { LIST_KEY } from '../types/enums';
import { AddressScreening, ScreenInput, ScreeningMatch, ScreeningMethod, ScreeningResult } from '../types/inputs';
import type { NameHit, ScreenOptions } from '../screening/index-cache';
import { programsAt, toSanctionedEntity } from './mappers';

/** Most names in one screenBatch request. */
export const MAX_BATCH = 10_000;

function options(input: ScreenInput, field: string): ScreenOptions & { name: string } {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 300) {
    throw new InputError(`${field}.name`, 'must have 1 to 300 characters');
  }
  const minScore = input.minScore ?? 85;
  if (!(minScore >= 0 && minScore <= 100)) {
    throw new InputError(`${field}.minScore`, 'must be from 0 to 100');
  }
  const limit = input.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InputError(`${field}.limit`, 'must be an integer from 1 to 100');
  }
  return {
    name,
    minScore,
    limit,
    kinds: input.kinds ?? null,
    lists: input.lists ? input.lists.map(l => LIST_KEY[l]) : null,
    programs: input.programs ?? null,
    asOf: input.asOf ?? null,
    includeDelisted: input.includeDelisted ?? false,
  };
}

async function toMatches(hits: NameHit[], ctx: EntitiesContext): Promise<ScreeningMatch[]> {
  const rows = await ctx.loaders.party.loadMany(hits.map(h => h.partyId));
  return hits.flatMap((h, i) => {
    const row = rows[i];
    return row && !(row instanceof Error)
      ? [{ entity: toSanctionedEntity(row, null), score: h.score, matchedName: h.matchedName, matchedOn: h.matchedOn, method: h.method as ScreeningMethod, explanation: h.explanation }]
      : [];
  });
}

@Resolver()
export class ScreeningResolver {
  @Query(() => [ScreeningMatch], {
    description:
      'Screens a name against every listed name and alias; returns the best-matching parties, best first, each with a score from 0 to 100 and why it matched.',
  })
  async screen(@Arg('input', () => ScreenInput) input: ScreenInput, @Ctx() ctx: EntitiesContext): Promise<ScreeningMatch[]> {
    const opts = options(input, 'input');
    await ctx.screening.refresh();
    return toMatches(ctx.screening.search(opts.name, opts), ctx);
  }

  @Query(() => [ScreeningResult], {
    description: `Screens many names in one request (onboarding files), in the order given; at most ${MAX_BATCH} names.`,
  })
  async screenBatch(@Arg('inputs', () => [ScreenInput]) inputs: ScreenInput[], @Ctx() ctx: EntitiesContext): Promise<ScreeningResult[]> {
    if (inputs.length > MAX_BATCH) {
      throw new InputError('inputs', `holds ${inputs.length} names; at most ${MAX_BATCH} per request`);
    }
    const all = inputs.map((input, i) => options(input, `inputs[${i}]`));
    await ctx.screening.refresh();
    const hits = all.map(o => ctx.screening.search(o.name, o));
    // One batched load of every matched party, not one per name.
    const matches = await toMatches(hits.flat(), ctx);
    let k = 0;
    return all.map((o, i) => ({ name: o.name, matches: hits[i].map(() => matches[k++]) }));
  }

  @Query(() => AddressScreening, {
    description:
      'Is this address listed, for which party, since when? Ethereum-like addresses match in any case; base58 and bech32 addresses exactly. An address that is not valid on the chain is a BAD_USER_INPUT error.',
  })
  async screenAddress(
    @Arg('chain', () => Chain, { description: 'The chain of the address.' }) chain: Chain,
    @Arg('address', { description: 'The address, as the customer gave it.' }) address: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Screen as the lists stood on this date (now when omitted).' }) asOf: string | null,
    @Ctx() ctx: EntitiesContext,
  ): Promise<AddressScreening> {
    const check = normalizeAddress(chain, address);
    if (!check.ok) {
      throw new InputError('address', check.reason);
    }
    const rows: { party_id: string; asset: string; listed_as: string; listed_on: string | null }[] = await ctx.dataSource.query(
      `SELECT party_id, asset, listed_as, to_char(listed_on, 'YYYY-MM-DD') AS listed_on FROM crypto_address
        WHERE chain = $1 AND address = $2 ORDER BY listed_on NULLS LAST, id`,
      [chain, check.address],
    );
    const at = asOf ?? null;
    const visible = rows.filter(r => at === null || r.listed_on === null || r.listed_on <= at);
    const [parties, designations] = await Promise.all([
      ctx.loaders.party.loadMany(visible.map(r => r.party_id)),
      ctx.loaders.designations.loadMany(visible.map(r => r.party_id)),
    ]);
    const listings = visible.flatMap((r, i) => {
      const party = parties[i];
      const d = designations[i];
      if (!party || party instanceof Error || d instanceof Error) {
        return [];
      }
      return [{ entity: toSanctionedEntity(party, at), asset: r.asset, listedAs: r.listed_as, listedSince: r.listed_on, inForce: programsAt(d, at).length > 0 }];
    });
    return { chain, address: displayAddress(chain, check.address), listed: listings.some(l => l.inForce), listings };
  }
}
