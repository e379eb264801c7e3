import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountStatusValue } from './account.record';

/** One change of an account's status, with its legal basis; appended by the workflow, never changed. */
@Entity('account_status_change')
export class AccountStatusChangeRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'account_id' })
  accountId!: string;

  @Column('text', { name: 'from_status' })
  fromStatus!: AccountStatusValue;

  @Column('text', { name: 'to_status' })
  toStatus!: AccountStatusValue;

  /** The case (an id of the cases subgraph) the change was made under. */
  @Column('text', { name: 'case_id' })
  caseId!: string;

  /** The warrant, order or designation a freeze rests on; required for a freeze. */
  @Column('text', { name: 'legal_process_reference', nullable: true })
  legalProcessReference!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  /** The account's version after the change. */
  @Column('integer')
  version!: number;
}
