import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { CasesContext } from '../context';
import { forgetCase } from '../loaders';
import type { CaseRecord } from '../store';
import { Case } from '../types/case.type';
import {
  AddCaseNoteInput,
  AddCaseSubjectInput,
  AssignCaseInput,
  ChangeCaseStatusInput,
  OpenCaseInput,
  RecordFreezeInput,
  RecordLegalProcessInput,
  RecordSeizureInput,
} from '../types/inputs';
import { toCase } from './mappers';

/** The case workflow over GraphQL: each mutation is one call of the workflow service. */
@Resolver()
export class CaseMutationResolver {
  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Opens a case (status OPEN, version 1), optionally with its first subjects.' })
  async openCase(@Arg('input', () => OpenCaseInput, { description: 'The case to open.' }) input: OpenCaseInput, @Ctx() ctx: CasesContext): Promise<Case> {
    return done(ctx, await ctx.workflow.openCase(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Adds a party, account or address to the subjects of an open case.' })
  async addCaseSubject(
    @Arg('input', () => AddCaseSubjectInput, { description: 'The case and the subject.' }) input: AddCaseSubjectInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.addSubject(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Records that an account was frozen under a case that is not closed.' })
  async recordFreeze(
    @Arg('input', () => RecordFreezeInput, { description: 'The case, the account and the legal basis.' }) input: RecordFreezeInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.recordFreeze(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Records that funds were seized under a case that is not closed.' })
  async recordSeizure(
    @Arg('input', () => RecordSeizureInput, { description: 'The case, the amount and the authority.' }) input: RecordSeizureInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.recordSeizure(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Moves a case to its next status, or closes it (see CaseStatus for the legal moves).' })
  async changeCaseStatus(
    @Arg('input', () => ChangeCaseStatusInput, { description: 'The case and its new status.' }) input: ChangeCaseStatusInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.changeStatus(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Records a warrant, subpoena or order (reference, authority, dates) on a case that is not closed.' })
  async recordLegalProcess(
    @Arg('input', () => RecordLegalProcessInput, { description: 'The case and the legal process.' }) input: RecordLegalProcessInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.recordLegalProcess(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Adds a note to a case (closed cases included).' })
  async addCaseNote(
    @Arg('input', () => AddCaseNoteInput, { description: 'The case and the note.' }) input: AddCaseNoteInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.addNote(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:cases"]])')
  @Mutation(() => Case, { description: 'Assigns a case that is not closed to someone else, or unassigns it.' })
  async assignCase(
    @Arg('input', () => AssignCaseInput, { description: 'The case and its new assignee.' }) input: AssignCaseInput,
    @Ctx() ctx: CasesContext,
  ): Promise<Case> {
    return done(ctx, await ctx.workflow.assign({ ...input, assignee: input.assignee ?? null }, { actor: ctx.actor }));
  }
}

/** Drops this request's cached reads of the changed case, and answers with its new state. */
function done(ctx: CasesContext, record: CaseRecord): Case {
  forgetCase(ctx.loaders, record.id);
  ctx.loaders.case.prime(record.id, record);
  return toCase(record);
}
