import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../common/build-federated-schema';
import { PageInfo } from '../../common/pagination';
import { resolveAccount } from './references/account.reference';
import { resolveAddress } from './references/address.reference';
import { resolveTransfer } from './references/transfer.reference';
import { AccountResolver } from './resolvers/account.resolver';
import { AddressResolver } from './resolvers/address.resolver';
import { TransferConnectionResolver } from './resolvers/transfer-connection.resolver';
import { TransferResolver } from './resolvers/transfer.resolver';
import { Account } from './types/account.type';
import { Address } from './types/address.type';
import { AssetAmount, EntityExposure, Exposure, ExposureHop, ExposurePath, ExposureStep } from './types/exposure.type';
import { SanctionedEntity } from './types/sanctioned-entity.type';
import { Transfer, TransferConnection, TransferEdge } from './types/transfer.type';

/** The chain subgraph's federated schema. */
export function buildChainSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [AddressResolver, TransferResolver, TransferConnectionResolver, AccountResolver],
      orphanedTypes: [Address, Transfer, TransferEdge, TransferConnection, PageInfo, Exposure, EntityExposure, ExposureHop, ExposurePath, ExposureStep, AssetAmount, SanctionedEntity, Account],
      validate: false,
    },
    {
      Transfer: { __resolveReference: resolveTransfer },
      Address: { __resolveReference: resolveAddress },
      Account: { __resolveReference: resolveAccount },
    },
  );
}
