import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context';
import { Case } from '../types/case.type';
import { Account, Address, SanctionedEntity } from '../types/references.type';
import { toCase } from './mappers';

/** `cases` on the entities of the other subgraphs: each a batched lookup of case subjects. */

@Resolver(() => SanctionedEntity)
export class SanctionedEntityCasesResolver {
  @FieldResolver(() => [Case], { nullable: true, description: 'The cases that have this party as a subject, newest first. Null only when the cases subgraph could not answer (an error at this path says so).' })
  async cases(@Root() e: SanctionedEntity, @Ctx() ctx: CasesContext): Promise<Case[]> {
    return (await ctx.loaders.casesByParty.load(e.id)).map(toCase);
  }
}

@Resolver(() => Account)
export class AccountCasesResolver {
  @FieldResolver(() => [Case], { nullable: true, description: 'The cases that have this account as a subject (every account frozen under a case is one), newest first. Null only when the cases subgraph could not answer (an error at this path says so).' })
  async cases(@Root() a: Account, @Ctx() ctx: CasesContext): Promise<Case[]> {
    return (await ctx.loaders.casesByAccount.load(a.id)).map(toCase);
  }
}

@Resolver(() => Address)
export class AddressCasesResolver {
  @FieldResolver(() => [Case], { nullable: true, description: 'The cases that have this address as a subject, newest first; none for an address invalid on its chain. Null only when the cases subgraph could not answer (an error at this path says so).' })
  async cases(@Root() a: Address, @Ctx() ctx: CasesContext): Promise<Case[]> {
    return a.subjectKey === null ? [] : (await ctx.loaders.casesByAddress.load(a.subjectKey)).map(toCase);
  }
}
