import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import { groupByKeys, orderByKeys } from '../../../common/loaders';
import {
  AliasRecord,
  CryptoAddressRecord,
  DesignationRecord,
  IdentityDocumentRecord,
  PartyLinkRecord,
  PartyRecord,
  PostalAddressRecord,
} from '../store';

/** Loads every row of `repo` whose `party_id` is among the keys: one statement per batch. */
function rowsByParty<R extends ObjectLiteral & { partyId: string; id: number }>(repo: Repository<R>): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(async ids => {
    const rows = await repo.find({ where: { partyId: In([...ids]) } as never, order: { id: 'ASC' } as never });
    return groupByKeys(ids, rows, r => r.partyId);
  });
}

/** The entities subgraph's per-request DataLoaders: every read of a relation goes through one. */
export function createLoaders(dataSource: DataSource) {
  const parties = dataSource.getRepository(PartyRecord);
  return {
    party: new DataLoader<string, PartyRecord | null>(async ids =>
      orderByKeys(ids, await parties.findBy({ id: In([...ids]) }), r => r.id),
    ),
    designations: rowsByParty(dataSource.getRepository(DesignationRecord)),
    aliases: rowsByParty(dataSource.getRepository(AliasRecord)),
    postalAddresses: rowsByParty(dataSource.getRepository(PostalAddressRecord)),
    identityDocuments: rowsByParty(dataSource.getRepository(IdentityDocumentRecord)),
    cryptoAddresses: rowsByParty(dataSource.getRepository(CryptoAddressRecord)),
    links: rowsByParty(dataSource.getRepository(PartyLinkRecord)),
  };
}

export type EntitiesLoaders = ReturnType<typeof createLoaders>;
