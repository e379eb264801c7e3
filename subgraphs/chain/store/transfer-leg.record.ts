import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which side of a transfer an address is on. */
export type LegDirection = 'IN' | 'OUT';

/**
 * A transfer seen from one of its two addresses. Its primary key (chain, address, block_time,
 * transfer_id, direction) is the one index that serves "an address's transfers, newest first"
 * (a backward scan) with keyset pagination, and, carrying the counterparty in the index, the
 * exposure search's neighbour lookups without touching `transfer`.
 */
@Entity('transfer_leg')
export class TransferLegRecord {
  @PrimaryColumn('text')
  chain!: string;

  @PrimaryColumn('text')
  address!: string;

  @PrimaryColumn('timestamptz', { name: 'block_time' })
  blockTime!: Date;

  @PrimaryColumn('text', { name: 'transfer_id' })
  transferId!: string;

  /** Part of the key so that a transfer from an address to itself keeps both legs. */
  @PrimaryColumn('text')
  direction!: LegDirection;

  /** The other address of the transfer (normalized). */
  @Column('text')
  counterparty!: string;

  /** The transfer's asset and amount, copied so that filters and exposure read the index alone. */
  @Column('text')
  asset!: string;

  @Column('numeric')
  amount!: string;

  /**
   * The rest of what a page of transfers shows (the transaction, the position in it, the value in
   * dollars), copied so that a page is read from the legs alone: joined to `transfer`, whose rows
   * lie in id order (a hash), a page of 500 cost 500 random lookups.
   */
  @Column('text', { name: 'tx_hash', nullable: true })
  txHash!: string | null;

  @Column('int', { name: 'log_index', nullable: true })
  logIndex!: number | null;

  @Column('numeric', { name: 'amount_usd', nullable: true })
  amountUsd!: string | null;
}
