import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../common/build-federated-schema';
import { resolveCase } from './references/case.reference';
import { resolveAccount, resolveAddress, resolveSanctionedEntity } from './references/stub.reference';
import { AuditTrailResolver } from './resolvers/audit-trail.resolver';
import { CaseMutationResolver } from './resolvers/case-mutation.resolver';
import { CaseResolver } from './resolvers/case.resolver';
import { AccountCasesResolver, AddressCasesResolver, SanctionedEntityCasesResolver } from './resolvers/subject-cases.resolver';
import { AuditTrail } from './types/audit-trail.type';
import { Freeze, Seizure } from './types/case-action.type';
import { AccountSubject, AddressSubject, PartySubject } from './types/case-subject.type';

/** The cases subgraph's federated schema. */
export function buildCasesSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [CaseResolver, CaseMutationResolver, AuditTrailResolver, SanctionedEntityCasesResolver, AccountCasesResolver, AddressCasesResolver],
      // Reached only through their interfaces, so named here.
      orphanedTypes: [Freeze, Seizure, PartySubject, AccountSubject, AddressSubject],
      validate: false,
    },
    {
      Case: { __resolveReference: resolveCase },
      SanctionedEntity: { __resolveReference: resolveSanctionedEntity },
      Account: { __resolveReference: resolveAccount },
      Address: { __resolveReference: resolveAddress },
      AuditTrail: { __resolveReference: (ref: { subjectId: string }) => Object.assign(new AuditTrail(), { subjectId: String(ref.subjectId) }) },
    },
  );
}
