import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { AccountsContext } from '../context';
import type { AccountLinkRecord, AccountRecord } from '../store';
import { Account, AccountLink } from '../types/account.type';
import { ChangeAccountStatusInput, DecideAccountLinkInput, ProposeAccountLinkInput } from '../types/inputs';
import { toAccount, toAccountLink } from './mappers';

/** The account workflow over GraphQL: each mutation is one call of the workflow service. */
@Resolver()
export class AccountMutationResolver {
  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => Account, {
    description: 'Freezes an ACTIVE account under a case and a legal process (warrant, order, designation); anything else is a CONFLICT.',
  })
  async freezeAccount(
    @Arg('input', () => ChangeAccountStatusInput, { description: 'The account, the case, the legal process reference.' }) input: ChangeAccountStatusInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<Account> {
    return accountDone(ctx, await ctx.workflow.freeze(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => Account, { description: 'Unfreezes a FROZEN account under a case; anything else is a CONFLICT.' })
  async unfreezeAccount(
    @Arg('input', () => ChangeAccountStatusInput, { description: 'The account and the case.' }) input: ChangeAccountStatusInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<Account> {
    return accountDone(ctx, await ctx.workflow.unfreeze(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => Account, { description: 'Closes an ACTIVE or FROZEN account under a case; a CLOSED account is a CONFLICT.' })
  async closeAccount(
    @Arg('input', () => ChangeAccountStatusInput, { description: 'The account and the case.' }) input: ChangeAccountStatusInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<Account> {
    return accountDone(ctx, await ctx.workflow.close(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => AccountLink, { description: 'Records a screening hit as a CANDIDATE link between an account and a sanctioned party.' })
  async proposeAccountLink(
    @Arg('input', () => ProposeAccountLinkInput, { description: 'The account, the party and the score.' }) input: ProposeAccountLinkInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountLink> {
    return linkDone(ctx, await ctx.workflow.proposeLink(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => AccountLink, { description: 'Confirms a link (a candidate, a dismissed one on new evidence, or one stated by hand), saying why.' })
  async confirmAccountLink(
    @Arg('input', () => DecideAccountLinkInput, { description: 'The account, the party and why.' }) input: DecideAccountLinkInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountLink> {
    return linkDone(ctx, await ctx.workflow.confirmLink(input, { actor: ctx.actor }));
  }

  @Directive('@requiresScopes(scopes: [["write:accounts"]])')
  @Mutation(() => AccountLink, { description: 'Dismisses a link as a false positive (a candidate, or a confirmed one found wrong), saying why.' })
  async dismissAccountLink(
    @Arg('input', () => DecideAccountLinkInput, { description: 'The account, the party and why.' }) input: DecideAccountLinkInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<AccountLink> {
    return linkDone(ctx, await ctx.workflow.dismissLink(input, { actor: ctx.actor }));
  }
}

/** Drops this request's cached reads of the changed account, and answers with its new state. */
function accountDone(ctx: AccountsContext, record: AccountRecord): Account {
  ctx.loaders.account.clear(record.id).prime(record.id, record);
  ctx.loaders.statusChanges.clear(record.id);
  ctx.loaders.auditTrails.clearAll();
  return toAccount(record);
}

function linkDone(ctx: AccountsContext, record: AccountLinkRecord): AccountLink {
  ctx.loaders.allLinks.clear(record.accountId);
  ctx.loaders.confirmedLinks.clear(record.accountId);
  ctx.loaders.linksByParty.clear(record.partyId);
  ctx.loaders.auditTrails.clearAll();
  return toAccountLink(record);
}
