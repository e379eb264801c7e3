import { Directive, Field, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';

/**
 * An on-chain address (a federation entity owned by the chain subgraph); this subgraph adds the
 * account that controls it. Key fields are shown in display form (EIP-55 for 0x chains).
 */
@Directive('@key(fields: "chain address")')
// Same description as in the other subgraphs: composition otherwise hints INCONSISTENT_DESCRIPTION.
@ObjectType({ description: 'An address on a blockchain, with its transfers and its exposure to sanctioned parties.' })
export class Address {
  @Field(() => Chain, { description: 'The chain the address lives on.' })
  chain!: Chain;

  @Field({ description: 'The address: EIP-55 checksummed for Ethereum-like chains, exact for base58 and bech32.' })
  address!: string;

  /** The stored (normalized) form used for lookups; null when the address is not valid for its chain. */
  normalized!: string | null;
}
