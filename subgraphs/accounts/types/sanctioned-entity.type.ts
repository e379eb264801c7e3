import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A sanctioned party (a federation entity owned by the entities subgraph), known here by id only. */
@Directive('@key(fields: "id")')
// Same description as the entities subgraph's: composition otherwise hints INCONSISTENT_DESCRIPTION.
@ObjectType({ description: 'A party on a sanctions list: an individual, entity, vessel or aircraft, as published by the regulator.' })
export class SanctionedEntity {
  @Field(() => ID, { description: 'Stable id: ofac-sdn:<ent_num> (SDN list) or ofac-cons:<ent_num> (consolidated list).' })
  id!: string;
}
