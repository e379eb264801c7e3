import { Entity, PrimaryColumn } from 'typeorm';

/**
 * An address a sanctions list names for a party, copied here so that exposure can be computed
 * next to the transfers in one statement; the entities subgraph stays the authority on parties.
 */
@Entity('sanctioned_address')
export class SanctionedAddressRecord {
  @PrimaryColumn('text')
  chain!: string;

  /** Normalized, as in `transfer`. */
  @PrimaryColumn('text')
  address!: string;

  /** The party's id in the entities subgraph, e.g. `ofac-sdn:43377`. */
  @PrimaryColumn('text', { name: 'party_id' })
  partyId!: string;
}
