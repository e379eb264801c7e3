import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { InputError } from '../../../common/errors';
import type { ChainContext } from '../context';
import { addressSet, type StoredAddress } from '../loaders/address-key';
import { Account } from '../types/account.type';
import { Exposure, ExposureArgs } from '../types/exposure.type';
import { TransferConnection } from '../types/transfer.type';
import { TransfersArgs } from '../types/transfers.args';
import { exposureQuery, toExposure } from './exposure.mapper';
import { storedOf, transferConnection, transferFilter } from './mappers';

/**
 * The gateway fetches the deposit addresses from the accounts subgraph and passes them in the
 * representation (`@requires`), so this subgraph never reads the accounts subgraph's storage.
 */
function depositAddresses(root: Account, ctx: ChainContext): StoredAddress[] {
  if (!Array.isArray(root.depositAddresses)) {
    // Only a caller bypassing the gateway's query plan gets here; an empty answer would be a lie.
    throw new InputError('representations', 'an Account representation must carry depositAddresses { chain address } (@requires)');
  }
  const addresses: StoredAddress[] = [];
  for (const a of root.depositAddresses) {
    const stored = storedOf(a);
    if (stored) {
      addresses.push(stored);
    } else {
      // Not the caller's fault: the accounts subgraph handed over an address invalid for its chain.
      ctx.log.warn({ accountId: root.id, chain: a.chain }, 'deposit address invalid for its chain; ignored');
    }
  }
  return addresses;
}

@Resolver(() => Account)
export class AccountResolver {
  @Directive('@requires(fields: "depositAddresses { chain address }")')
  @FieldResolver(() => TransferConnection, {
    nullable: true,
    description:
      'Transfers from or to any deposit address of the account, newest first, with the same filters as Address.transfers; a transfer between two of them appears once. Null only when the chain subgraph could not answer (an error at this path says so).',
  })
  transfers(@Root() root: Account, @Args(() => TransfersArgs) args: TransfersArgs, @Ctx() ctx: ChainContext): TransferConnection {
    const filter = transferFilter(args);
    return transferConnection(depositAddresses(root, ctx), args.first, args.after, filter);
  }

  @Directive('@requires(fields: "depositAddresses { chain address }")')
  @FieldResolver(() => Exposure, {
    nullable: true,
    description:
      "Exposure of the account: one search from all its deposit addresses together (each at distance 0), as Address.exposure. Null only when the chain subgraph could not answer (an error at this path says so).",
  })
  async exposure(@Root() root: Account, @Args(() => ExposureArgs) args: ExposureArgs, @Ctx() ctx: ChainContext): Promise<Exposure> {
    const query = exposureQuery(addressSet(depositAddresses(root, ctx)), args);
    return toExposure(await ctx.loaders.exposure.load(query));
  }
}
