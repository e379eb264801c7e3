import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many transfers an address has, by direction; kept by `insertTransferRows` in the statement
 * that inserts the transfers. Serves unfiltered `totalCount` in one lookup and tells the exposure
 * search which addresses are hubs (exchanges' hot wallets) before it reads their legs.
 */
@Entity('address_stats')
export class AddressStatsRecord {
  @PrimaryColumn('text')
  chain!: string;

  @PrimaryColumn('text')
  address!: string;

  /** Transfers received (a transfer to itself counts here and in `transfersOut`). */
  @Column('bigint', { name: 'transfers_in' })
  transfersIn!: string;

  @Column('bigint', { name: 'transfers_out' })
  transfersOut!: string;

  /** Transfers from the address to itself (counted in both directions above). */
  @Column('bigint', { name: 'transfers_self' })
  transfersSelf!: string;
}
