import { DesignationRecord } from './designation.record';
import {
  AliasRecord,
  CryptoAddressRecord,
  IdentityDocumentRecord,
  ListPublicationRecord,
  PartyLinkRecord,
  PartyVersionRecord,
  PostalAddressRecord,
} from './details.record';
import { PartyRecord } from './party.record';

export * from './designation.record';
export * from './details.record';
export * from './party.record';

/** Every table of the entities subgraph, listed explicitly for the data source. */
export const ENTITIES_RECORDS = [
  PartyRecord,
  DesignationRecord,
  AliasRecord,
  PostalAddressRecord,
  IdentityDocumentRecord,
  CryptoAddressRecord,
  PartyLinkRecord,
  ListPublicationRecord,
  PartyVersionRecord,
];
