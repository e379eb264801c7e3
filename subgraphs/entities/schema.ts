import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../common/build-federated-schema';
import { resolveSanctionedEntity } from './references/sanctioned-entity.reference';
import { SanctionedEntityResolver } from './resolvers/sanctioned-entity.resolver';
import { ScreeningResolver } from './resolvers/screening.resolver';
import { Address } from './types/address.type';

/** The entities subgraph's federated schema. */
export function buildEntitiesSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [SanctionedEntityResolver, ScreeningResolver], orphanedTypes: [Address], validate: false },
    { SanctionedEntity: { __resolveReference: resolveSanctionedEntity } },
  );
}
