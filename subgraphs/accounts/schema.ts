import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../common/build-federated-schema';
import { resolveAccount } from './references/account.reference';
import { resolveAddress } from './references/address.reference';
import { resolveSanctionedEntity } from './references/sanctioned-entity.reference';
import { ACCOUNTS_RESOLVERS } from './resolvers';
import { Address } from './types/address.type';
import { AuditTrail } from './types/audit-trail.type';
import { SanctionedEntity } from './types/sanctioned-entity.type';

/** The accounts subgraph's federated schema. */
export function buildAccountsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [...ACCOUNTS_RESOLVERS], orphanedTypes: [Address, SanctionedEntity, AuditTrail], validate: false },
    {
      Account: { __resolveReference: resolveAccount },
      Address: { __resolveReference: resolveAddress },
      SanctionedEntity: { __resolveReference: resolveSanctionedEntity },
      AuditTrail: { __resolveReference: (ref: { subjectId: string }) => Object.assign(new AuditTrail(), { subjectId: String(ref.subjectId) }) },
    },
  );
}
