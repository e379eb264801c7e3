import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
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

@InputType({ description: 'A name to screen against the sanctions lists.' })
export class ScreenInput {
  @Field({ description: 'The name to screen, in any order, case and punctuation.' })
  name!: string;

  @Field(() => Float, { nullable: true, defaultValue: 85, description: 'Lowest score (0 to 100) to return; default 85.' })
  minScore!: number;

  @Field(() => Int, { nullable: true, defaultValue: 10, description: 'Most matches to return (1 to 100); default 10.' })
  limit!: number;
}

@ObjectType({ description: 'A party whose name or alias resembles the screened name.' })
export class ScreeningMatch {
  @Field(() => SanctionedEntity, { description: 'The matched party.' })
  entity!: SanctionedEntity;

  @Field(() => Float, { description: 'Similarity from 0 to 100 (Jaro-Winkler over normalised, order-insensitive name tokens).' })
  score!: number;

  @Field({ description: 'The name or alias that matched best.' })
  matchedName!: string;

  @Field({ description: 'Whether the best match was the primary name or an alias.' })
  matchedOn!: string;
}
