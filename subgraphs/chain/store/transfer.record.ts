import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One movement of an asset from one address to another on one chain (a transaction output, a
 * token transfer log). Addresses are stored normalized (lowercase for 0x chains), so equality in
 * SQL is equality of addresses.
 */
@Entity('transfer')
export class TransferRecord {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  chain!: string;

  @Column('text', { name: 'tx_hash', nullable: true })
  txHash!: string | null;

  @Column('integer', { name: 'log_index', nullable: true })
  logIndex!: number | null;

  @Column('timestamptz', { name: 'block_time' })
  blockTime!: Date;

  @Column('text', { name: 'from_address' })
  fromAddress!: string;

  @Column('text', { name: 'to_address' })
  toAddress!: string;

  @Column('text')
  asset!: string;

  /** Unconstrained numeric: exact, keeps the scale it was given; pg returns it as a string. */
  @Column('numeric')
  amount!: string;

  @Column('numeric', { name: 'amount_usd', nullable: true })
  amountUsd!: string | null;
}
