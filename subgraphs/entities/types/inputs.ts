import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Chain } from '../../../common/chain';
import { DateScalar } from '../../../common/scalars';
import { EntityKind, SanctionsList } from './enums';
import { SanctionedEntity } from './sanctioned-entity.type';

@InputType({ description: 'Filters for sanctionedEntities; all given filters must hold.' })
export class SanctionedEntityFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or of an alias, case-insensitive.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'A program code, e.g. DPRK3.' })
  program?: string | null;

  @Field(() => EntityKind, { nullable: true, description: 'Only parties of this kind.' })
  kind?: EntityKind | null;

  @Field(() => SanctionsList, { nullable: true, description: 'Only parties of this list.' })
  list?: SanctionsList | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only parties listed now (or at asOf); false: only delisted ones.' })
  listed?: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: 'Answer as the lists stood on this date.' })
  asOf?: string | null;
}

@InputType({ description: 'A name to screen against the sanctions lists, and which parties to screen it against.' })
export class ScreenInput {
  @Field({ description: 'The name to screen, in any order, case and punctuation.' })
  name!: string;

  @Field(() => Float, { nullable: true, defaultValue: 85, description: 'Lowest score (0 to 100) to return; default 85.' })
  minScore!: number;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Most matches to return (1 to 100); default 10.' })
  limit!: number;

  @Field(() => [EntityKind], { nullable: true, description: 'Only parties of these kinds (all when omitted).' })
  kinds?: EntityKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only parties listed under one of these programs, e.g. ["DPRK3", "DPRK4"].' })
  programs?: string[] | null;

  @Field(() => [SanctionsList], { nullable: true, description: 'Only parties of these lists (all when omitted).' })
  lists?: SanctionsList[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Screen against the parties listed on this date (now when omitted). Names are matched as currently published.' })
  asOf?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also match parties no longer listed (delisted); default false.' })
  includeDelisted!: boolean;
}

/** How a screening score was reached. */
export enum ScreeningMethod {
  EXACT = 'EXACT',
  JARO_WINKLER = 'JARO_WINKLER',
  TOKEN_SET = 'TOKEN_SET',
  PHONETIC = 'PHONETIC',
}
registerEnumType(ScreeningMethod, {
  name: 'ScreeningMethod',
  description: 'Which reading of the names gave the score.',
  valuesConfig: {
    EXACT: { description: 'The same words once case, punctuation, diacritics, company forms, spacing and order are set aside.' },
    JARO_WINKLER: { description: 'Jaro-Winkler similarity of the whole names (as written, with words sorted, or without spaces).' },
    TOKEN_SET: { description: 'Word-by-word Jaro-Winkler similarity, in any order.' },
    PHONETIC: { description: 'Word-by-word similarity where words that sound alike (equal Soundex codes) count as close.' },
  },
});

@ObjectType({ description: 'A party whose name or alias resembles the screened name.' })
export class ScreeningMatch {
  @Field(() => SanctionedEntity, { description: 'The matched party.' })
  entity!: SanctionedEntity;

  @Field(() => Float, { description: 'Similarity from 0 to 100 (Jaro-Winkler over normalised, order-insensitive name tokens).' })
  score!: number;

  @Field({ description: 'The name or alias that matched best.' })
  matchedName!: string;

  @Field({ description: 'NAME when the best match was the primary name, ALIAS when an alias.' })
  matchedOn!: string;

  @Field(() => ScreeningMethod, { description: 'Which reading of the names gave the score.' })
  method!: ScreeningMethod;

  @Field({ description: 'Why it matched, in words: the names compared and how.' })
  explanation!: string;
}

@ObjectType({ description: 'The matches of one name of a batch.' })
export class ScreeningResult {
  @Field({ description: 'The name as screened.' })
  name!: string;

  @Field(() => [ScreeningMatch], { description: 'Its matches, best first; empty when none reaches minScore.' })
  matches!: ScreeningMatch[];
}

@ObjectType({ description: 'Where a screened address is listed.' })
export class AddressListing {
  @Field(() => SanctionedEntity, { description: 'The party whose entry lists the address.' })
  entity!: SanctionedEntity;

  @Field({ description: 'The asset code OFAC gave (XBT, ETH, USDT, ...).' })
  asset!: string;

  @Field({ description: 'The address exactly as OFAC wrote it.' })
  listedAs!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The publication date from which the entry lists this address.' })
  listedSince!: string | null;

  @Field({ description: 'True when the party is listed on the date screened (now, or asOf).' })
  inForce!: boolean;
}

@ObjectType({ description: 'The answer to screening one address.' })
export class AddressScreening {
  @Field(() => Chain, { description: 'The chain screened.' })
  chain!: Chain;

  @Field({ description: 'The address, normalised for its chain (EIP-55 for Ethereum-like chains).' })
  address!: string;

  @Field({ description: 'True when a party listed on the date screened lists this address.' })
  listed!: boolean;

  @Field(() => [AddressListing], { description: 'Every entry that lists the address, including delisted parties (inForce false).' })
  listings!: AddressListing[];
}
