import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** How sure we are that an account belongs to a sanctioned party. */
export type AccountLinkStatusValue = 'CONFIRMED' | 'CANDIDATE' | 'DISMISSED';

/**
 * A link between an account and a sanctioned party (an id of the entities subgraph, such as
 * `ofac-sdn:43377`). Screening proposes CANDIDATE links; an analyst confirms or dismisses them.
 * Dismissed links are kept, with who decided and why, so the decision can be audited.
 */
@Entity('account_link')
@Index(['accountId', 'partyId'], { unique: true })
@Index(['partyId', 'status'])
export class AccountLinkRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  status!: AccountLinkStatusValue;

  /** Screening score 0..100 for candidates; null for links stated by hand. */
  @Column('numeric', { precision: 5, scale: 2, nullable: true })
  score!: string | null;

  @Column('text', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @VersionColumn({ default: 1 })
  version!: number;
}
