import { Field, Int, ObjectType } from 'type-graphql';
import { Address } from './address.type';
import { SanctionedEntity } from './sanctioned-entity.type';

@ObjectType({ description: 'A sanctioned party reached from an address through transfers.' })
export class EntityExposure {
  @Field(() => SanctionedEntity, { description: 'The party that lists the address reached.' })
  entity!: SanctionedEntity;

  @Field(() => Int, {
    description: 'The fewest transfers between the address and one listed for the party: 0 when the address itself is listed, 1 when they transacted directly.',
  })
  hops!: number;

  @Field(() => Address, { description: "The party's listed address reached in that many hops (the first by chain and address when several are)." })
  nearestAddress!: Address;
}

@ObjectType({ description: 'Direct and indirect exposure of an address to sanctioned parties, following transfers in both directions.' })
export class Exposure {
  @Field(() => [EntityExposure], { description: 'Each sanctioned party reached, with the fewest hops to it; nearest first, then by party id.' })
  entities!: EntityExposure[];

  @Field({
    description:
      'True when the bound on visited addresses was reached before the search finished: parties further away may be missing (the hops of those shown are exact: the search goes nearest first).',
  })
  truncated!: boolean;

  @Field(() => Int, { description: 'How many distinct addresses the search visited, the address itself included.' })
  visitedAddresses!: number;
}
