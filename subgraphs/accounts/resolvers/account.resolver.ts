import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { MoreThan, type FindOptionsWhere } from 'typeorm';
import { Chain } from '../../../common/chain';
import { AuditTrailConnection, trailKey } from '../../../common/audit/audit-trail';
import { selectedFields } from '../../../common/audit/read-audit';
import { decodeCursor, encodeCursor, pageSize, pageInfoOf } from '../../../common/pagination';
import type { AccountsContext } from '../context';
import { AccountRecord } from '../store';
import { Account, AccountConnection, AccountHolder, AccountLink, AccountStatusChange, Balance, HolderDocument } from '../types/account.type';
import { Address } from '../types/address.type';
import { AccountFilter } from '../types/inputs';
import { SanctionedEntity } from '../types/sanctioned-entity.type';
import { toAccount, toAccountLink, toAddress, toBalance, toHolderDocument, toSanctionedEntity, toStatusChange } from './mappers';

const CURSOR_KIND = 'account';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'An account by id, or null when there is no such account.' })
  async account(
    @Arg('id', () => ID, { description: 'The account id, as the exchange issued it.' }) id: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<Account | null> {
    const row = await ctx.loaders.account.load(id);
    return row ? toAccount(row) : null;
  }

  @Query(() => AccountConnection, { description: 'Accounts matching a filter, ordered by id, a page at a time.' })
  async accounts(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (an endCursor or edge cursor of an earlier page).' })
    after: string | null,
    @Arg('filter', () => AccountFilter, { nullable: true, description: 'What to match; all accounts when omitted.' }) filter: AccountFilter | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountConnection> {
    const size = pageSize(first);
    const position = decodeCursor(CURSOR_KIND, after, 1);
    // TypeORM 1.x rejects `undefined` in `where`: add only the filters that were given.
    const where: FindOptionsWhere<AccountRecord> = {};
    if (filter?.exchange !== null && filter?.exchange !== undefined) {
      where.exchange = filter.exchange;
    }
    if (filter?.status) {
      where.status = filter.status;
    }
    const repo = ctx.dataSource.getRepository(AccountRecord);
    // Keyset pagination on the primary key: a page costs the same however deep it is.
    const rows = await repo.find({
      where: position ? { ...where, id: MoreThan(String(position[0])) } : where,
      order: { id: 'ASC' },
      take: size + 1,
    });
    const totalCount = await repo.countBy(where);
    const page = rows.slice(0, size);
    for (const row of page) {
      ctx.loaders.account.prime(row.id, row);
    }
    const edges = page.map(row => ({ cursor: encodeCursor(CURSOR_KIND, [row.id]), node: toAccount(row) }));
    return {
      edges,
      totalCount,
      pageInfo: pageInfoOf(edges, rows.length > size, position !== null),
    };
  }

  @FieldResolver(() => [Balance])
  async balances(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<Balance[]> {
    return (await ctx.loaders.balances.load(account.id)).map(toBalance);
  }

  @FieldResolver(() => [Address])
  async depositAddresses(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<Address[]> {
    const rows = await ctx.loaders.depositAddresses.load(account.id);
    for (const row of rows) {
      // `Address.account` of these addresses then needs no lookup of its own.
      ctx.loaders.depositAddress.prime({ chain: row.chain, address: row.address }, row);
    }
    return rows.map(r => toAddress(r.chain as Chain, r.address));
  }

  @FieldResolver(() => [SanctionedEntity])
  async linkedEntities(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<SanctionedEntity[]> {
    return (await ctx.loaders.confirmedLinks.load(account.id)).map(l => toSanctionedEntity(l.partyId));
  }

  /**
   * Personal data: every read is audited before it is answered, batched so that the holders of
   * any number of accounts in one request cost one audit record (listing the ids and the fields
   * selected), not one per account. No holder, no personal data read, no record.
   */
  @FieldResolver(() => AccountHolder, { nullable: true })
  async holder(@Root() account: Account, @Ctx() ctx: AccountsContext, @Info() info: GraphQLResolveInfo): Promise<AccountHolder | null> {
    if (account.holder === null) {
      return null;
    }
    await ctx.loaders.holderReads.load({ subjectId: account.id, fields: selectedFields(info, 'holder') });
    return account.holder;
  }

  @FieldResolver(() => [AccountStatusChange], { description: 'Every status change of the account with its legal basis, oldest first.' })
  async statusHistory(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<AccountStatusChange[]> {
    return (await ctx.loaders.statusChanges.load(account.id)).map(toStatusChange);
  }

  @FieldResolver(() => [AccountLink], { description: 'Every decision on a link of the account to a sanctioned party (candidate, confirmed or dismissed), by party id.' })
  async links(@Root() account: Account, @Ctx() ctx: AccountsContext): Promise<AccountLink[]> {
    return (await ctx.loaders.allLinks.load(account.id)).map(toAccountLink);
  }

  @FieldResolver(() => AuditTrailConnection, {
    description: "The account's audit trail in the accounts subgraph's chain, oldest first: its status changes, link decisions and every read of its holder's personal data.",
  })
  auditTrail(
    @Root() account: Account,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuditTrailConnection> {
    return ctx.loaders.auditTrails.load(trailKey(account.id, first, after));
  }
}

@Resolver(() => AccountLink)
export class AccountLinkResolver {
  @FieldResolver(() => Account)
  async account(@Root() link: AccountLink & { accountId: string }, @Ctx() ctx: AccountsContext): Promise<Account> {
    const row = await ctx.loaders.account.load(link.accountId);
    return row ? toAccount(row) : Object.assign(new Account(), { id: link.accountId });
  }
}

@Resolver(() => AccountHolder)
export class AccountHolderResolver {
  @FieldResolver(() => [HolderDocument])
  async documents(@Root() holder: AccountHolder, @Ctx() ctx: AccountsContext): Promise<HolderDocument[]> {
    return (await ctx.loaders.holderDocuments.load(holder.accountId)).map(toHolderDocument);
  }
}
