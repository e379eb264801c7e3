import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { ChainContext } from '../context';
import { Transfer } from '../types/transfer.type';
import { toTransfer } from './mappers';

@Resolver(() => Transfer)
export class TransferResolver {
  @Query(() => Transfer, { nullable: true, description: 'A transfer by id, or null when there is none.' })
  async transfer(@Arg('id', () => ID, { description: 'The transfer id.' }) id: string, @Ctx() ctx: ChainContext): Promise<Transfer | null> {
    const row = await ctx.loaders.transfer.load(id);
    return row ? toTransfer(row) : null;
  }
}
