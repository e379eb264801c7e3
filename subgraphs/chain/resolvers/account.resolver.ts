import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { InputError } from '../../../common/errors';
import type { ChainContext } from '../context';
import type { StoredAddress } from '../loaders/address-key';
import { Account } from '../types/account.type';
import { TransferConnection } from '../types/transfer.type';
import { storedOf, transferConnection } from './mappers';

@Resolver(() => Account)
export class AccountResolver {
  /**
   * The gateway fetches the deposit addresses from the accounts subgraph and passes them in the
   * representation (`@requires`), so this subgraph never reads the accounts subgraph's storage.
   */
  @Directive('@requires(fields: "depositAddresses { chain address }")')
  @FieldResolver(() => TransferConnection, {
    nullable: true,
    description: 'Transfers from or to any deposit address of the account, newest first; a transfer between two of them appears once. Null only when the chain subgraph could not answer (an error at this path says so).',
  })
  transfers(
    @Root() root: Account,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (an endCursor of an earlier page).' })
    after: string | null,
    @Ctx() ctx: ChainContext,
  ): TransferConnection {
    if (!Array.isArray(root.depositAddresses)) {
      // Only a caller bypassing the gateway's query plan gets here; an empty page would be a lie.
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
    return transferConnection(addresses, first, after);
  }
}
