import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Chain, normalizeAddress } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import type { ChainContext } from '../context';
import { MAX_HOPS } from '../loaders/exposure.loader';
import { Address } from '../types/address.type';
import { EntityExposure, Exposure } from '../types/exposure.type';
import { SanctionedEntity } from '../types/sanctioned-entity.type';
import { TransferConnection } from '../types/transfer.type';
import { storedOf, toAddress, transferConnection } from './mappers';

@Resolver(() => Address)
export class AddressResolver {
  @Query(() => Address, {
    nullable: true,
    description:
      'An address on a chain, with or without transfers. Ethereum-like addresses may be given in any case (a mixed-case one must pass its EIP-55 checksum); an address that is not valid for the chain is a BAD_USER_INPUT error.',
  })
  address(
    @Arg('chain', () => Chain, { description: 'The chain the address lives on.' }) chain: Chain,
    @Arg('address', () => String, { description: 'The address as written on the chain.' }) address: string,
  ): Address {
    const checked = normalizeAddress(chain, address);
    if (!checked.ok) {
      throw new InputError('address', checked.reason);
    }
    return toAddress(chain, checked.address);
  }

  @FieldResolver(() => TransferConnection, { nullable: true, description: 'Transfers from or to the address, newest first. Null only when the chain subgraph could not answer (an error at this path says so).' })
  transfers(
    @Root() root: Address,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (an endCursor of an earlier page).' })
    after: string | null,
  ): TransferConnection {
    const stored = storedOf(root);
    return transferConnection(stored ? [stored] : [], first, after);
  }

  @FieldResolver(() => Exposure, {
    nullable: true,
    description: 'Sanctioned parties this address reaches through transfers in either direction, within `hops` transfers. Null only when the chain subgraph could not answer (an error at this path says so).',
  })
  async exposure(
    @Root() root: Address,
    @Arg('hops', () => Int, { nullable: true, defaultValue: 3, description: `How many transfers away to look, 1 to ${MAX_HOPS}; default 3.` })
    hopsArg: number | null,
    @Ctx() ctx: ChainContext,
  ): Promise<Exposure> {
    // An explicit null means the default, as an omitted argument does.
    const hops = hopsArg ?? 3;
    if (!Number.isInteger(hops) || hops < 1 || hops > MAX_HOPS) {
      throw new InputError('hops', `must be an integer from 1 to ${MAX_HOPS}`);
    }
    const stored = storedOf(root);
    const result = stored
      ? await ctx.loaders.exposure.load({ address: stored, hops })
      : { parties: [], truncated: false, visitedAddresses: 0 };
    const exposure = new Exposure();
    exposure.truncated = result.truncated;
    exposure.visitedAddresses = result.visitedAddresses;
    exposure.entities = result.parties.map(p => {
      const e = new EntityExposure();
      e.entity = sanctionedEntity(p.partyId);
      e.hops = p.hops;
      e.nearestAddress = toAddress(p.nearest.chain, p.nearest.address);
      return e;
    });
    return exposure;
  }

  @FieldResolver(() => [SanctionedEntity], { nullable: true, description: 'The sanctioned parties whose list entries name this address. Null only when the chain subgraph could not answer (an error at this path says so).' })
  async sanctionedEntities(@Root() root: Address, @Ctx() ctx: ChainContext): Promise<SanctionedEntity[]> {
    const stored = storedOf(root);
    return stored ? (await ctx.loaders.listingParties.load(stored)).map(sanctionedEntity) : [];
  }
}

function sanctionedEntity(id: string): SanctionedEntity {
  const e = new SanctionedEntity();
  e.id = id;
  return e;
}
