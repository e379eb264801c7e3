import { Directive, Field, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';

/** A reference to an on-chain address; the chain subgraph resolves everything else about it. */
@Directive('@key(fields: "chain address", resolvable: false)')
@ObjectType({ description: 'An address on a blockchain, with its transfers and its exposure to sanctioned parties.' })
export class Address {
  @Field(() => Chain, { description: 'The chain the address lives on.' })
  chain!: Chain;

  @Field({ description: 'The address: EIP-55 checksummed for Ethereum-like chains, exact for base58 and bech32.' })
  address!: string;
}
