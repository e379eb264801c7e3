import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An investigation case (the `Case` federation entity's own table). `version` grows by one with
 * every change, so a client can say which state it decided on (`expectedVersion`).
 */
@Entity('investigation_case')
export class CaseRecord {
  /** `case-<uuid>` for cases opened through the API; the demo seed uses readable ids. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  assignee!: string | null;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('integer')
  version!: number;
}
