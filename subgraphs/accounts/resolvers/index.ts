import { AccountHolderResolver, AccountResolver } from './account.resolver';
import { AddressResolver } from './address.resolver';
import { SanctionedEntityResolver } from './sanctioned-entity.resolver';

/** Every resolver class of the accounts subgraph, listed explicitly (never globs). */
export const ACCOUNTS_RESOLVERS = [AccountResolver, AccountHolderResolver, AddressResolver, SanctionedEntityResolver] as const;
