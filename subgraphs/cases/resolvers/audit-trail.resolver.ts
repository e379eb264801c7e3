import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AuditTrailConnection, trailKey } from '../../../common/audit/audit-trail';
import { InputError } from '../../../common/errors';
import type { CasesContext } from '../context';
import { AuditTrail } from '../types/audit-trail.type';

@Resolver(() => AuditTrail)
export class AuditTrailResolver {
  @Query(() => AuditTrail, {
    description:
      'The audit trail of a subject (an account, case or sanctioned party id) across the graph: each subgraph that keeps an audit chain adds its records (`accounts`, `cases`), each paged on its own.',
  })
  auditTrail(@Arg('subjectId', () => ID, { description: 'The id of an account, a case or a sanctioned party.' }) subjectId: string): AuditTrail {
    const id = subjectId.trim();
    if (id.length === 0 || id.length > 256) {
      throw new InputError('subjectId', 'must be 1 to 256 characters');
    }
    return Object.assign(new AuditTrail(), { subjectId: id });
  }

  @FieldResolver(() => AuditTrailConnection, {
    nullable: true,
    description: "The subject's records in the cases subgraph's chain (cases opened, subjects, actions, legal process, notes, status changes), oldest first. Null only when the cases subgraph could not answer.",
  })
  cases(
    @Root() trail: AuditTrail,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: CasesContext,
  ): Promise<AuditTrailConnection> {
    return ctx.loaders.auditTrails.load(trailKey(trail.subjectId, first, after));
  }
}
