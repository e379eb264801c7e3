import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One program under which a party is (or was) on a list. Delisting sets `delistedOn` and never
 * deletes the row, so answers `asOf` an earlier date stay possible.
 */
@Entity('designation')
@Index(['partyId', 'program'])
export class DesignationRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  list!: string;

  @Column('text')
  program!: string;

  @Column('date', { name: 'listed_on' })
  listedOn!: string;

  @Column('date', { name: 'delisted_on', nullable: true })
  delistedOn!: string | null;

  @Column('integer', { name: 'listed_publication_id' })
  listedPublicationId!: number;

  @Column('integer', { name: 'delisted_publication_id', nullable: true })
  delistedPublicationId!: number | null;
}
