import { In, type DataSource } from 'typeorm';
import { groupByKeys, orderByKeys } from '../../../common/loaders';
import { createLoader } from '../../../common/metrics';
import { TransferRecord } from '../store';
import { addressKey, type StoredAddress } from './address-key';
import { createExposureLoader, type ExposureOptions } from './exposure.loader';
import { createTransferCountLoader, createTransferPageLoader, type TransferPageReadAhead } from './transfer-page.loader';

/**
 * The chain subgraph's per-request DataLoaders: every read below a parent goes through one.
 * `readAhead`: the process's pages read ahead, for a request that is one page of an export.
 */
export function createLoaders(dataSource: DataSource, opts: ExposureOptions = {}, readAhead?: TransferPageReadAhead) {
  const transfers = dataSource.getRepository(TransferRecord);
  return {
    transfer: createLoader<string, TransferRecord | null>(dataSource, 'transfer', async ids =>
      orderByKeys(ids, await transfers.findBy({ id: In([...ids]) }), r => r.id),
    ),
    transferPage: createTransferPageLoader(dataSource, readAhead),
    transferCount: createTransferCountLoader(dataSource),
    /** Ids of the parties that list an address: one statement per batch. */
    listingParties: createLoader<StoredAddress, string[], string>(
      dataSource,
      'listingParties',
      async addresses => {
        const rows: { chain: string; address: string; partyId: string }[] = await dataSource.query(
          `SELECT s.chain, s.address, s.party_id AS "partyId"
           FROM unnest($1::text[], $2::text[]) AS a(chain, address)
           JOIN sanctioned_address s ON s.chain = a.chain AND s.address = a.address
           ORDER BY s.party_id`,
          [addresses.map(a => a.chain), addresses.map(a => a.address)],
        );
        return groupByKeys(addresses.map(addressKey), rows, r => `${r.chain}:${r.address}`).map(rs => rs.map(r => r.partyId));
      },
      { cacheKeyFn: addressKey },
    ),
    exposure: createExposureLoader(dataSource, opts),
  };
}

export type ChainLoaders = ReturnType<typeof createLoaders>;
