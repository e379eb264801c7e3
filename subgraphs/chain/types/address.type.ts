import { Directive, Field, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';

/**
 * An on-chain address: a federation entity owned by this subgraph (other subgraphs add the
 * account that controls it, the cases that name it, the parties that list it).
 */
// simpleResolvers: `chain` and `address` are plain properties (the default resolver reads them);
// the field resolvers of AddressResolver are unaffected.
@Directive('@key(fields: "chain address")')
@ObjectType({ description: 'An address on a blockchain, with its transfers and its exposure to sanctioned parties.', simpleResolvers: true })
export class Address {
  @Field(() => Chain, { description: 'The chain the address lives on.' })
  chain!: Chain;

  @Field({ description: 'The address: EIP-55 checksummed for Ethereum-like chains, exact for base58 and bech32.' })
  address!: string;

  /**
   * The stored (normalized) form every query compares with: lowercase for 0x chains. Not a
   * GraphQL field; absent on plain `{ chain, address }` objects, which resolvers normalize.
   */
  stored?: string;
}
