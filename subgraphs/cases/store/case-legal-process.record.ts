import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A legal process record of a case: a warrant, subpoena or order, with who issued it and when. */
@Entity('case_legal_process')
export class CaseLegalProcessRecord {
  /** `legal-<uuid>`. */
  @PrimaryColumn('text')
  id!: string;

  /** Insertion order, for listing. */
  @Column({ type: 'integer', insert: false, update: false })
  seq!: number;

  @Column('text', { name: 'case_id' })
  caseId!: string;

  /** WARRANT, SUBPOENA, SEIZURE_ORDER, FREEZE_ORDER, COURT_ORDER or OTHER. */
  @Column('text')
  kind!: string;

  @Column('text')
  reference!: string;

  @Column('text')
  authority!: string;

  /** YYYY-MM-DD (pg returns a date column as a string). */
  @Column('date', { name: 'issued_on' })
  issuedOn!: string;

  @Column('date', { name: 'expires_on', nullable: true })
  expiresOn!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('text', { name: 'recorded_by' })
  recordedBy!: string;
}
