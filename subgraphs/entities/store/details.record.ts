import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Another name of a party: strong (alt.csv) or weak (a.k.a. in the remarks). */
@Entity('alias')
export class AliasRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('integer', { name: 'alt_num', nullable: true })
  altNum!: number | null;

  @Column('text')
  type!: string;

  @Column('text')
  strength!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  remarks!: string | null;
}

/** A postal address of a party (add.csv). */
@Entity('postal_address')
export class PostalAddressRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('integer', { name: 'add_num' })
  addNum!: number;

  @Column('text', { nullable: true })
  address!: string | null;

  @Column('text', { name: 'city_state_province_postal_code', nullable: true })
  cityStateProvincePostalCode!: string | null;

  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  remarks!: string | null;
}

/** An identity document named in the remarks (passport, national id, registration number...). */
@Entity('identity_document')
export class IdentityDocumentRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  type!: string;

  @Column('text')
  number!: string;

  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  details!: string | null;
}

/** A digital currency address listed for a party, as OFAC wrote it and as stored. */
@Entity('crypto_address')
export class CryptoAddressRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text')
  asset!: string;

  @Column('text', { name: 'listed_as' })
  listedAs!: string;

  @Column('text', { nullable: true })
  chain!: string | null;

  @Index()
  @Column('text')
  address!: string;

  @Column('boolean')
  valid!: boolean;

  @Column('boolean', { name: 'matches_asset_code' })
  matchesAssetCode!: boolean;

  /** The publication date on which the party's entry first listed this address. */
  @Column('date', { name: 'listed_on', nullable: true })
  listedOn!: string | null;
}

/** "Linked To: X" in the remarks; `linkedPartyId` is set when X names a party of the same list. */
@Entity('party_link')
export class PartyLinkRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('text', { name: 'linked_name' })
  linkedName!: string;

  @Column('text', { name: 'linked_party_id', nullable: true })
  linkedPartyId!: string | null;
}

/** One imported publication of a list: when, from which files (by hash), and what changed. */
@Entity('list_publication')
export class ListPublicationRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text')
  list!: string;

  @Column('date', { name: 'published_on' })
  publishedOn!: string;

  @Column('timestamptz', { name: 'imported_at' })
  importedAt!: Date;

  /** File role (sdn, add, alt, comments) to `{ name, sha256 }`. */
  @Column('jsonb')
  files!: Record<string, { name: string; sha256: string }>;

  @Column('integer')
  parties!: number;

  @Column('integer')
  added!: number;

  @Column('integer')
  removed!: number;

  @Column('integer')
  changed!: number;
}

/** One version of a party's entry, valid from the publication that stated it until the next change. */
@Entity('party_version')
export class PartyVersionRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'party_id' })
  partyId!: string;

  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to', nullable: true })
  validTo!: string | null;

  @Column('integer', { name: 'publication_id' })
  publicationId!: number;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  /** The entry as the publication stated it (see VersionSnapshot in ofac/importer.ts). */
  @Column('jsonb')
  snapshot!: Record<string, unknown>;
}
