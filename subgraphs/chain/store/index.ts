import { AddressStatsRecord } from './address-stats.record';
import { SanctionedAddressRecord } from './sanctioned-address.record';
import { TransferLegRecord } from './transfer-leg.record';
import { TransferRecord } from './transfer.record';

export * from './address-stats.record';
export * from './sanctioned-address.record';
export * from './transfer-leg.record';
export * from './transfer.record';

/** Every table of the chain subgraph, listed explicitly for the data source. */
export const CHAIN_RECORDS = [TransferRecord, TransferLegRecord, SanctionedAddressRecord, AddressStatsRecord];
