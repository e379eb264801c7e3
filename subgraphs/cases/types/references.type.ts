import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';

/*
 * Descriptions repeat the owning subgraph's words: composition warns when they differ.
 *
 * Entities owned by other subgraphs, to which this subgraph contributes `cases`. Each carries only
 * its key fields; the reference resolvers build them from the representation without a query.
 */

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A party on a sanctions list: an individual, entity, vessel or aircraft, as published by the regulator.' })
export class SanctionedEntity {
  @Field(() => ID, { description: 'Stable id: ofac-sdn:<ent_num> (SDN list) or ofac-cons:<ent_num> (consolidated list).' })
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An account at a cryptocurrency exchange or custodian.' })
export class Account {
  @Field(() => ID, { description: 'Account id, as the exchange issued it.' })
  id!: string;
}

@Directive('@key(fields: "chain address")')
@ObjectType({ description: 'An address on a blockchain, with its transfers and its exposure to sanctioned parties.' })
export class Address {
  @Field(() => Chain, { description: 'The chain the address lives on.' })
  chain!: Chain;

  @Field({ description: 'The address: EIP-55 checksummed for Ethereum-like chains, exact for base58 and bech32.' })
  address!: string;

  /**
   * `CHAIN:normalized-address`, the subject key the cases are found by; null when the address is
   * not valid for its chain (such an address can be the subject of no case). Not a field.
   */
  subjectKey!: string | null;
}
