import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The three states of an account; the freeze workflow moves between them. */
export type AccountStatusValue = 'ACTIVE' | 'FROZEN' | 'CLOSED';

/**
 * An account at an exchange or custodian, with its holder's personal data on the same row: an
 * account has exactly one holder, and keeping it here spares a join on every read.
 */
@Entity('account')
@Index(['exchange', 'id'])
@Index(['status', 'id'])
export class AccountRecord {
  /** Issued by the exchange (demo ids look like `demo-acct-0001`). */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  exchange!: string;

  @Column('text')
  status!: AccountStatusValue;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  /** Null when the exchange gave no holder (the account then has no `holder` in the graph). */
  @Column('text', { name: 'holder_name', nullable: true })
  holderName!: string | null;

  @Column('date', { name: 'holder_date_of_birth', nullable: true })
  holderDateOfBirth!: string | null;

  @Column('text', { name: 'holder_nationality', nullable: true })
  holderNationality!: string | null;

  @Column('integer', { name: 'kyc_level', default: 0 })
  kycLevel!: number;

  /** Optimistic concurrency for the freeze workflow: an update names the version it read. */
  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
