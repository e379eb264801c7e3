import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AuditTrailConnection, trailKey } from '../../../common/audit/audit-trail';
import { InputError } from '../../../common/errors';
import { decodeCursor, encodeCursor, pageSize, pageInfoOf } from '../../../common/pagination';
import type { CasesContext } from '../context';
import { CaseRecord } from '../store';
import { CaseAction } from '../types/case-action.type';
import { CaseSubject } from '../types/case-subject.type';
import { Case, CaseConnection, CaseNote, LegalProcess, TimelineEvent } from '../types/case.type';
import { CasesArgs } from '../types/inputs';
import { toAction, toCase, toLegalProcess, toNote, toSubject, toTimelineEvent } from './mappers';

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'A case by id, or null when there is no such case.' })
  async case(@Arg('id', () => ID, { description: 'The case id.' }) id: string, @Ctx() ctx: CasesContext): Promise<Case | null> {
    const row = await ctx.loaders.case.load(id);
    return row ? toCase(row) : null;
  }

  @Query(() => CaseConnection, { description: 'Cases, newest (latest opened) first, a page at a time.' })
  async cases(
    // An args class rather than three @Arg parameters: it keeps first, after, status in this order in the SDL.
    @Args(() => CasesArgs) { first, after, status }: CasesArgs,
    @Ctx() ctx: CasesContext,
  ): Promise<CaseConnection> {
    const size = pageSize(first);
    const position = decodeCursor('case', after, 2);
    if (position && (typeof position[0] !== 'string' || Number.isNaN(Date.parse(position[0])) || typeof position[1] !== 'string')) {
      throw new InputError('after', 'is not a cursor of this connection; pass an endCursor or edge cursor from an earlier page');
    }
    const filtered = () => {
      const qb = ctx.dataSource.getRepository(CaseRecord).createQueryBuilder('c');
      return status ? qb.where('c.status = :status', { status }) : qb.where('true');
    };
    // Keyset pagination on (openedAt, id) descending: no OFFSET, stable under inserts.
    const page = filtered();
    if (position) {
      page.andWhere('(c.openedAt, c.id) < (:at, :id)', { at: position[0], id: position[1] });
    }
    const [rows, totalCount] = await Promise.all([
      page.orderBy('c.openedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(size + 1).getMany(),
      filtered().getCount(),
    ]);
    const edges = rows.slice(0, size).map(r => {
      ctx.loaders.case.prime(r.id, r);
      return { cursor: encodeCursor('case', [r.openedAt.toISOString(), r.id]), node: toCase(r) };
    });
    return {
      edges,
      totalCount,
      pageInfo: pageInfoOf(edges, rows.length > size, position !== null),
    };
  }

  @FieldResolver(() => [CaseSubject], { description: 'Who or what the case is about, in the order they were added.' })
  async subjects(@Root() c: Case, @Ctx() ctx: CasesContext): Promise<CaseSubject[]> {
    return (await ctx.loaders.subjects.load(c.id)).map(toSubject);
  }

  @FieldResolver(() => [CaseAction], { description: 'The freezes and seizures recorded on the case, oldest first.' })
  async actions(@Root() c: Case, @Ctx() ctx: CasesContext): Promise<CaseAction[]> {
    return (await ctx.loaders.actions.load(c.id)).map(toAction);
  }

  @FieldResolver(() => [TimelineEvent], { description: 'Every change to the case, oldest first.' })
  async timeline(@Root() c: Case, @Ctx() ctx: CasesContext): Promise<TimelineEvent[]> {
    return (await ctx.loaders.timeline.load(c.id)).map(toTimelineEvent);
  }

  @FieldResolver(() => [LegalProcess], { description: 'The warrants, subpoenas and orders recorded on the case, oldest first.' })
  async legalProcesses(@Root() c: Case, @Ctx() ctx: CasesContext): Promise<LegalProcess[]> {
    return (await ctx.loaders.legalProcesses.load(c.id)).map(toLegalProcess);
  }

  @FieldResolver(() => [CaseNote], { description: 'The notes on the case, oldest first.' })
  async notes(@Root() c: Case, @Ctx() ctx: CasesContext): Promise<CaseNote[]> {
    return (await ctx.loaders.notes.load(c.id)).map(toNote);
  }

  @FieldResolver(() => AuditTrailConnection, {
    description: "The case's audit trail in the cases subgraph's chain, oldest first: every change, who made it, when and from where, hash-chained.",
  })
  auditTrail(
    @Root() c: Case,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts.' }) after: string | null,
    @Ctx() ctx: CasesContext,
  ): Promise<AuditTrailConnection> {
    return ctx.loaders.auditTrails.load(trailKey(c.id, first, after));
  }
}
