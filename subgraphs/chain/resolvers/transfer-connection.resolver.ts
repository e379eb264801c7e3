import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { PageInfo } from '../../../common/pagination';
import type { ChainContext } from '../context';
import { TransferConnection, TransferEdge } from '../types/transfer.type';
import { toTransfer, transferCursor } from './mappers';

/**
 * Resolves a transfer connection's fields from its key, through loaders shared by every
 * connection of the request: all pages in one statement, all totals in another.
 */
@Resolver(() => TransferConnection)
export class TransferConnectionResolver {
  @FieldResolver(() => [TransferEdge], { description: 'The transfers of this page, newest first.' })
  async edges(@Root() root: TransferConnection, @Ctx() ctx: ChainContext): Promise<TransferEdge[]> {
    const page = await ctx.loaders.transferPage.load(root.key);
    return page.rows.map(row => {
      const edge = new TransferEdge();
      edge.cursorOf = () => transferCursor(row);
      edge.node = toTransfer(row);
      return edge;
    });
  }

  @FieldResolver(() => PageInfo, { description: 'Where this page stands.' })
  async pageInfo(@Root() root: TransferConnection, @Ctx() ctx: ChainContext): Promise<PageInfo> {
    const page = await ctx.loaders.transferPage.load(root.key);
    const first = page.rows[0];
    const last = page.rows.at(-1);
    return {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: root.key.after !== null,
      startCursor: first ? transferCursor(first) : null,
      endCursor: last ? transferCursor(last) : null,
    };
  }

  @FieldResolver(() => Int, { description: 'How many transfers involve the address(es) in all, under the same filters; a transfer between two of them counts once.' })
  totalCount(@Root() root: TransferConnection, @Ctx() ctx: ChainContext): Promise<number> {
    return ctx.loaders.transferCount.load({ addresses: root.key.addresses, filter: root.key.filter });
  }
}
