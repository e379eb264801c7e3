import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { AuditTrailConnection, trailKey } from '../../../common/audit/audit-trail';
import type { AccountsContext } from '../context';
import { AuditTrail } from '../types/audit-trail.type';

@Resolver(() => AuditTrail)
export class AuditTrailResolver {
  @FieldResolver(() => AuditTrailConnection, {
    nullable: true,
    description: "The subject's records in the accounts subgraph's chain (status changes, link decisions, reads of personal data), oldest first. Null only when the accounts subgraph could not answer.",
  })
  accounts(
    @Root() trail: AuditTrail,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuditTrailConnection> {
    return ctx.loaders.auditTrails.load(trailKey(trail.subjectId, first, after));
  }
}
