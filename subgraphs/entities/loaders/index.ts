import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import { groupByKeys, orderByKeys } from '../../../common/loaders';
import { createLoader } from '../../../common/metrics';
import {
  AliasRecord,
  CryptoAddressRecord,
  DesignationRecord,
  IdentityDocumentRecord,
  PartyLinkRecord,
  PartyRecord,
  PartyVersionRecord,
  PostalAddressRecord,
} from '../store';

/** Loads every row of `repo` whose `party_id` is among the keys: one statement per batch. */
function rowsByParty<R extends ObjectLiteral & { partyId: string; id: number }>(dataSource: DataSource, name: string, repo: Repository<R>): DataLoader<string, R[]> {
  return createLoader<string, R[]>(dataSource, name, async ids => {
    const rows = await repo.find({ where: { partyId: In([...ids]) } as never, order: { id: 'ASC' } as never });
    return groupByKeys(ids, rows, r => r.partyId);
  });
}

/** The version of a party's entry in force on a date: key `partyId|YYYY-MM-DD`. */
function versionAt(dataSource: DataSource): DataLoader<string, PartyVersionRecord | null> {
  return createLoader<string, PartyVersionRecord | null>(dataSource, 'versionAt', async keys => {
    const pairs = keys.map(k => k.split('|'));
    const rows: (PartyVersionRecord & { k: number })[] = await dataSource.query(
      `SELECT q.k, v.id, v.party_id AS "partyId", to_char(v.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(v.valid_to, 'YYYY-MM-DD') AS "validTo", v.publication_id AS "publicationId",
              v.content_hash AS "contentHash", v.snapshot
         FROM unnest($1::text[], $2::date[]) WITH ORDINALITY AS q(party_id, at, k)
         JOIN party_version v ON v.party_id = q.party_id AND v.valid_from <= q.at AND (v.valid_to IS NULL OR v.valid_to > q.at)`,
      [pairs.map(p => p[0]), pairs.map(p => p[1])],
    );
    const byIndex = new Map(rows.map(r => [Number(r.k) - 1, r]));
    return keys.map((_k, i) => byIndex.get(i) ?? null);
  });
}

/** The entities subgraph's per-request DataLoaders: every read of a relation goes through one. */
export function createLoaders(dataSource: DataSource) {
  const parties = dataSource.getRepository(PartyRecord);
  return {
    versionAt: versionAt(dataSource),
    versions: rowsByParty(dataSource, 'versions', dataSource.getRepository(PartyVersionRecord)),
    party: createLoader<string, PartyRecord | null>(dataSource, 'party', async ids =>
      orderByKeys(ids, await parties.findBy({ id: In([...ids]) }), r => r.id),
    ),
    designations: rowsByParty(dataSource, 'designations', dataSource.getRepository(DesignationRecord)),
    aliases: rowsByParty(dataSource, 'aliases', dataSource.getRepository(AliasRecord)),
    postalAddresses: rowsByParty(dataSource, 'postalAddresses', dataSource.getRepository(PostalAddressRecord)),
    identityDocuments: rowsByParty(dataSource, 'identityDocuments', dataSource.getRepository(IdentityDocumentRecord)),
    cryptoAddresses: rowsByParty(dataSource, 'cryptoAddresses', dataSource.getRepository(CryptoAddressRecord)),
    links: rowsByParty(dataSource, 'links', dataSource.getRepository(PartyLinkRecord)),
  };
}

export type EntitiesLoaders = ReturnType<typeof createLoaders>;
