import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A sanctioned party as it stands in the latest imported publication of its list. */
@Entity('party')
export class PartyRecord {
  /** `ofac-sdn:<ent_num>` or `ofac-cons:<ent_num>`. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  list!: string;

  @Column('integer', { name: 'ent_num' })
  entNum!: number;

  @Index()
  @Column('text')
  name!: string;

  @Column('text')
  kind!: string;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('text', { name: 'call_sign', nullable: true })
  callSign!: string | null;

  @Column('text', { name: 'vessel_type', nullable: true })
  vesselType!: string | null;

  @Column('text', { nullable: true })
  tonnage!: string | null;

  @Column('text', { name: 'gross_registered_tonnage', nullable: true })
  grossRegisteredTonnage!: string | null;

  @Column('text', { name: 'vessel_flag', nullable: true })
  vesselFlag!: string | null;

  @Column('text', { name: 'vessel_owner', nullable: true })
  vesselOwner!: string | null;

  @Column('text', { nullable: true })
  remarks!: string | null;

  @Column('text', { name: 'dates_of_birth', array: true, default: () => "'{}'" })
  datesOfBirth!: string[];

  @Column('text', { name: 'places_of_birth', array: true, default: () => "'{}'" })
  placesOfBirth!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  nationalities!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  citizenships!: string[];

  @Column('text', { nullable: true })
  gender!: string | null;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  /** The publication that last changed this party. */
  @Column('integer', { name: 'publication_id' })
  publicationId!: number;
}
