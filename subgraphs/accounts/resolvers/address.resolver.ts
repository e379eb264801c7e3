import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AccountsContext } from '../context';
import { Account } from '../types/account.type';
import { Address } from '../types/address.type';
import { toAccount } from './mappers';

@Resolver(() => Address)
export class AddressResolver {
  @FieldResolver(() => Account, {
    nullable: true,
    description: 'The exchange account this is a deposit address of, or null when no account here controls it.',
  })
  async account(@Root() address: Address, @Ctx() ctx: AccountsContext): Promise<Account | null> {
    if (address.normalized === null) {
      return null;
    }
    const deposit = await ctx.loaders.depositAddress.load({ chain: address.chain, address: address.normalized });
    if (!deposit) {
      return null;
    }
    const row = await ctx.loaders.account.load(deposit.accountId);
    return row ? toAccount(row) : null;
  }
}
