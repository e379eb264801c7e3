import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An action recorded on a case: a FREEZE of an account or a SEIZURE of funds. One table for both
 * kinds (the columns of the other kind stay null, which a CHECK constraint enforces) so that a
 * case's actions come back in one statement, in the order they were recorded.
 */
@Entity('case_action')
export class CaseActionRecord {
  @PrimaryColumn('text')
  id!: string;

  /** Breaks ties between actions recorded at the same instant: insertion order. */
  @Column({ type: 'integer', insert: false, update: false })
  seq!: number;

  @Column('text', { name: 'case_id' })
  caseId!: string;

  /** FREEZE or SEIZURE. */
  @Column('text')
  kind!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('text', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('text', { nullable: true })
  note!: string | null;

  /** FREEZE: the frozen account. */
  @Column('text', { name: 'account_id', nullable: true })
  accountId!: string | null;

  /** FREEZE: the legal basis. */
  @Column('text', { name: 'legal_reference', nullable: true })
  legalReference!: string | null;

  /** SEIZURE: exact decimal in the asset's units (pg returns numeric as a string). */
  @Column('numeric', { nullable: true })
  amount!: string | null;

  @Column('text', { nullable: true })
  asset!: string | null;

  @Column('numeric', { name: 'amount_usd', nullable: true })
  amountUsd!: string | null;

  @Column('text', { name: 'tx_hash', nullable: true })
  txHash!: string | null;

  @Column('text', { nullable: true })
  authority!: string | null;
}
