import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Chain, normalizeAddress } from '../../../common/chain';
import { InputError } from '../../../common/errors';
import type { ChainContext } from '../context';
import { Address } from '../types/address.type';
import { Exposure, ExposureArgs } from '../types/exposure.type';
import { SanctionedEntity } from '../types/sanctioned-entity.type';
import { TransferConnection } from '../types/transfer.type';
import { TransfersArgs } from '../types/transfers.args';
import { exposureQuery, toExposure } from './exposure.mapper';
import { storedOf, toAddress, transferConnection, transferFilter } from './mappers';

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

  @FieldResolver(() => TransferConnection, {
    nullable: true,
    description:
      'Transfers from or to the address, newest first, optionally filtered by direction, time, asset and minimum amount. Keyset-paginated: a page costs the same deep in the history as at its start. Null only when the chain subgraph could not answer (an error at this path says so).',
  })
  transfers(@Root() root: Address, @Args(() => TransfersArgs) args: TransfersArgs): TransferConnection {
    const stored = storedOf(root);
    return transferConnection(stored ? [stored] : [], args.first, args.after, transferFilter(args));
  }

  @FieldResolver(() => Exposure, {
    nullable: true,
    description:
      'Sanctioned parties this address reaches through transfers within `hops` transfers, upstream (IN), downstream (OUT) or both: direct and indirect exposure with sums per party and hop and the top paths. The work is bounded (see Exposure.truncated). Null only when the chain subgraph could not answer (an error at this path says so).',
  })
  async exposure(@Root() root: Address, @Args(() => ExposureArgs) args: ExposureArgs, @Ctx() ctx: ChainContext): Promise<Exposure> {
    const stored = storedOf(root);
    const query = exposureQuery(stored ? [stored] : [], args);
    return toExposure(await ctx.loaders.exposure.load(query));
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
