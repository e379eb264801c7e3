import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A reference to a sanctioned party; the entities subgraph resolves everything about it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({ description: 'A party on a sanctions list: an individual, entity, vessel or aircraft, as published by the regulator.' })
export class SanctionedEntity {
  @Field(() => ID, { description: 'Stable id: ofac-sdn:<ent_num> (SDN list) or ofac-cons:<ent_num> (consolidated list).' })
  id!: string;
}
