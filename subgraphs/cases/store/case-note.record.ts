import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A note on a case; never changed or deleted (a correction is another note). */
@Entity('case_note')
export class CaseNoteRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'case_id' })
  caseId!: string;

  @Column('text')
  text!: string;

  @Column('timestamptz', { name: 'written_at' })
  writtenAt!: Date;

  @Column('text', { name: 'written_by' })
  writtenBy!: string;
}
