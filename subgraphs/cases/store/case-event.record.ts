import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a case's timeline, appended by every change; never updated or deleted. */
@Entity('case_event')
export class CaseEventRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'case_id' })
  caseId!: string;

  @Column('timestamptz')
  at!: Date;

  /** OPENED, SUBJECT_ADDED, STATUS_CHANGED, FREEZE_RECORDED or SEIZURE_RECORDED. */
  @Column('text')
  kind!: string;

  @Column('text')
  summary!: string;

  @Column('text')
  actor!: string;
}
