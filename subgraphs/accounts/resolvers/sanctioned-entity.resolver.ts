import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { AuditTrailConnection, trailKey } from '../../../common/audit/audit-trail';
import type { AccountsContext } from '../context';
import { Account } from '../types/account.type';
import { SanctionedEntity } from '../types/sanctioned-entity.type';
import { toAccount } from './mappers';

@Resolver(() => SanctionedEntity)
export class SanctionedEntityResolver {
  @FieldResolver(() => [Account], {
    nullable: true,
    description: 'Exchange accounts linked to the party, ordered by id: confirmed links, and candidate links too when asked. Null only when the accounts subgraph could not answer (an error at this path says so).',
  })
  async accounts(
    @Root() entity: SanctionedEntity,
    @Arg('includeCandidates', () => Boolean, {
      defaultValue: false,
      description: 'Also return accounts whose link screening proposed but no analyst has confirmed yet.',
    })
    includeCandidates: boolean,
    @Ctx() ctx: AccountsContext,
  ): Promise<Account[]> {
    const links = (await ctx.loaders.linksByParty.load(entity.id)).filter(l => includeCandidates || l.status === 'CONFIRMED');
    const rows = await Promise.all(links.map(l => ctx.loaders.account.load(l.accountId)));
    return rows.flatMap(row => (row ? [toAccount(row)] : []));
  }

  @FieldResolver(() => AuditTrailConnection, {
    nullable: true,
    description: "The party's audit trail in the accounts subgraph's chain, oldest first: every decision on a link of an account to the party. Null only when the accounts subgraph could not answer.",
  })
  auditTrail(
    @Root() entity: SanctionedEntity,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuditTrailConnection> {
    return ctx.loaders.auditTrails.load(trailKey(entity.id, first, after));
  }
}
