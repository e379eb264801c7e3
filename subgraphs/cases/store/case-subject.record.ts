import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who or what a case is about. `subjectKey` is the key the other subgraphs' entities are found
 * by: a party id, an account id, or `CHAIN:address` with the address in its stored (normalized)
 * form, so that `Account.cases` and friends are one indexed lookup.
 */
@Entity('case_subject')
@Index(['kind', 'subjectKey'])
@Index(['caseId', 'kind', 'subjectKey'], { unique: true })
export class CaseSubjectRecord {
  /** Insertion order: subjects are listed in the order they were added. */
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'case_id' })
  caseId!: string;

  /** PARTY, ACCOUNT or ADDRESS. */
  @Column('text')
  kind!: string;

  @Column('text', { name: 'subject_key' })
  subjectKey!: string;

  /** ADDRESS only. */
  @Column('text', { nullable: true })
  chain!: string | null;

  /** ADDRESS only: normalized (lowercase for 0x chains, exact otherwise). */
  @Column('text', { nullable: true })
  address!: string | null;

  @Column('timestamptz', { name: 'added_at' })
  addedAt!: Date;

  @Column('text', { name: 'added_by' })
  addedBy!: string;
}
