import { AccountMutationResolver } from './account-mutation.resolver';
import { AccountHolderResolver, AccountLinkResolver, AccountResolver } from './account.resolver';
import { AddressResolver } from './address.resolver';
import { AuditTrailResolver } from './audit-trail.resolver';
import { SanctionedEntityResolver } from './sanctioned-entity.resolver';

/** Every resolver class of the accounts subgraph, listed explicitly (never globs). */
export const ACCOUNTS_RESOLVERS = [
  AccountResolver,
  AccountHolderResolver,
  AccountLinkResolver,
  AccountMutationResolver,
  AddressResolver,
  AuditTrailResolver,
  SanctionedEntityResolver,
] as const;
