import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';
import { DateScalar } from '../../../common/scalars';
import { PageInfo } from '../../../common/pagination';
import { AliasStrength, AliasType, EntityKind, SanctionsList } from './enums';
import type { VersionSnapshot } from '../ofac/importer';
import { Address } from './address.type';

@ObjectType({ description: 'One program under which a party is, or was, on a list.' })
export class Designation {
  @Field(() => SanctionsList, { description: 'The list.' })
  list!: SanctionsList;

  @Field({ description: 'The sanctions program, as OFAC codes it (e.g. DPRK4, CYBER2, SDGT).' })
  program!: string;

  @Field(() => DateScalar, {
    description:
      'The publication date of the earliest imported publication of the list that carries this program for the party. (OFAC\'s legacy CSV files carry no designation dates; the import date of the first publication is the earliest we can prove.)',
  })
  listedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The publication date from which the party no longer carries this program; null while it does.' })
  delistedOn!: string | null;
}

@ObjectType({ description: 'Another name of a party.' })
export class Alias {
  @Field({ description: 'The name as OFAC wrote it.' })
  name!: string;

  @Field(() => AliasType, { description: 'a.k.a., f.k.a. or n.k.a.' })
  type!: AliasType;

  @Field(() => AliasStrength, { description: 'Strong (alt.csv) or weak (remarks) alias.' })
  strength!: AliasStrength;
}

@ObjectType({ description: 'A postal address of a party, as OFAC lists it (add.csv).' })
export class PostalAddress {
  @Field(() => String, { nullable: true, description: 'Street address.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'City, state or province, and postal code, in one field as OFAC writes it.' })
  cityStateProvincePostalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Country, as OFAC names it (e.g. "Korea, North").' })
  country!: string | null;
}

@ObjectType({ description: 'An identity document or registration number named in the remarks.' })
export class IdentityDocument {
  @Field({ description: 'Document type as OFAC wrote it (Passport, National ID No., ...).' })
  type!: string;

  @Field({ description: 'The document number.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Issuing country, when given.' })
  country!: string | null;

  @Field(() => String, { nullable: true, description: 'Anything else OFAC wrote about it (issue and expiry dates, notes).' })
  details!: string | null;
}

@ObjectType({ description: 'A digital currency address as OFAC listed it for a party.' })
export class ListedCryptoAddress {
  @Field({ description: 'The asset code as OFAC wrote it (XBT, ETH, USDT, USDC, TRX, ...).' })
  asset!: string;

  @Field({ description: 'The address exactly as OFAC wrote it.' })
  listedAs!: string;

  @Field(() => Chain, { nullable: true, description: 'The chain the address belongs to, from the asset code and the address format.' })
  chain!: Chain | null;

  @Field({ description: 'False when the address is not valid on `chain` (kept as OFAC wrote it, and flagged).' })
  validForChain!: boolean;

  @Field({ description: 'False when the address format belongs to another chain than the one its asset code names (e.g. a TRON address OFAC tagged XBT): OFAC\'s tag is kept, and flagged here.' })
  matchesAssetCode!: boolean;

  @Field(() => Address, { nullable: true, description: 'The address in the graph (its transfers, account and cases); null when its chain is unknown.' })
  address!: Address | null;
}

@ObjectType({ description: 'A relation stated in the remarks ("Linked To: ...").' })
export class PartyLink {
  @Field({ description: 'The linked name as OFAC wrote it.' })
  name!: string;

  @Field(() => SanctionedEntity, { nullable: true, description: 'The linked party, when the name resolves to one on the same list.' })
  entity!: SanctionedEntity | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A party on a sanctions list: an individual, entity, vessel or aircraft, as published by the regulator.' })
export class SanctionedEntity {
  @Field(() => ID, { description: 'Stable id: ofac-sdn:<ent_num> (SDN list) or ofac-cons:<ent_num> (consolidated list).' })
  id!: string;

  @Field({ description: 'Primary name as the regulator wrote it; individuals as SURNAME, Given names.' })
  name!: string;

  @Field(() => EntityKind, { description: 'Individual, entity, vessel or aircraft.' })
  kind!: EntityKind;

  @Field(() => SanctionsList, { description: 'The list the party is published on.' })
  list!: SanctionsList;

  @Field(() => Int, { description: "OFAC's unique entry number (ent_num)." })
  entryNumber!: number;

  @Field(() => [String], { description: 'Programs under which the party is listed now (or at `asOf`), e.g. ["DPRK4"]. Empty when not listed.' })
  programs!: string[];

  @Field({ description: 'True when the party is on its list now (or was at `asOf`).' })
  listed!: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'The date the answer describes, when the query asked `asOf` a date; null for the current state.' })
  asOf!: string | null;

  @Field(() => [Designation], { description: 'Every designation, current and past (with `delistedOn`), oldest first.' })
  designations!: Designation[];

  @Field(() => [Alias], { description: 'Other names: strong aliases (alt.csv) and weak a.k.a.s (remarks).' })
  aliases!: Alias[];

  @Field(() => [PostalAddress], { description: 'Postal addresses.' })
  postalAddresses!: PostalAddress[];

  @Field(() => [IdentityDocument], { description: 'Identity documents and registration numbers from the remarks.' })
  identityDocuments!: IdentityDocument[];

  @Field(() => [String], { description: 'Dates of birth as OFAC wrote them (e.g. "25 Apr 1965", "circa 1970").' })
  datesOfBirth!: string[];

  @Field(() => [String], { description: 'Places of birth as OFAC wrote them.' })
  placesOfBirth!: string[];

  @Field(() => [String], { description: 'Nationalities as OFAC wrote them.' })
  nationalities!: string[];

  @Field(() => String, { nullable: true, description: 'Gender as OFAC wrote it, for individuals.' })
  gender!: string | null;

  @Field(() => String, { nullable: true, description: 'Title, for individuals (e.g. a position held).' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'The full remarks as published: sdn.csv\'s 1000 characters joined with their continuation in the comments file.' })
  remarks!: string | null;

  @Field(() => [Address], { description: 'The listed digital currency addresses as graph addresses (one per chain and address).' })
  cryptoAddresses!: Address[];

  @Field(() => [ListedCryptoAddress], { description: 'The listed digital currency addresses exactly as OFAC wrote them, with asset code and chain.' })
  digitalCurrencyAddresses!: ListedCryptoAddress[];

  @Field(() => [PartyLink], { description: 'Parties this one is linked to ("Linked To:" in the remarks).' })
  linkedTo!: PartyLink[];

  @Field(() => [PartyVersion], { description: 'Every version of this entry, oldest first: a changed entry keeps its earlier versions, each valid from the publication that stated it until the next change.' })
  versions!: PartyVersion[];

  /** The date asked for (`asOf`), carried to the field resolvers; not a field itself. */
  at!: string | null;

  /** The earlier version answered for `asOf`, when the entry has changed since; not a field. */
  snapshot!: VersionSnapshot | null;
}

@ObjectType({ description: 'One version of a party\'s list entry.' })
export class PartyVersion {
  @Field(() => DateScalar, { description: 'The publication date from which this version was in force.' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The publication date from which a newer version replaced it; null for the current version.' })
  validTo!: string | null;

  @Field({ description: 'The primary name in this version.' })
  name!: string;

  @Field(() => ID, { description: 'The publication (see listPublications) that stated this version.' })
  publicationId!: string;

  @Field({ description: 'SHA-256 of the entry as parsed: equal hashes, equal entries.' })
  contentHash!: string;
}

@ObjectType({ description: 'An edge of a sanctioned-entity connection.' })
export class SanctionedEntityEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after`.' })
  cursor!: string;

  @Field(() => SanctionedEntity, { description: 'The party.' })
  node!: SanctionedEntity;
}

@ObjectType({ description: 'A page of sanctioned parties, ordered by name then id.' })
export class SanctionedEntityConnection {
  @Field(() => [SanctionedEntityEdge], { description: 'The parties of this page.' })
  edges!: SanctionedEntityEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many parties match the filter in all.' })
  totalCount!: number;
}

@ObjectType({ description: 'One imported publication of a list: what was imported, when, from which files.' })
export class ListPublication {
  @Field(() => ID, { description: 'Publication id.' })
  id!: string;

  @Field(() => SanctionsList, { description: 'The list.' })
  list!: SanctionsList;

  @Field(() => DateScalar, { description: 'The date the regulator published it.' })
  publishedOn!: string;

  @Field({ description: 'When it was imported (ISO 8601).' })
  importedAt!: string;

  @Field(() => [PublicationFile], { description: 'The files imported, with their SHA-256, so every answer can be traced to its source.' })
  files!: PublicationFile[];

  @Field(() => Int, { description: 'Parties in the publication.' })
  parties!: number;

  @Field(() => Int, { description: 'Parties added against the previous publication of the list.' })
  added!: number;

  @Field(() => Int, { description: 'Parties removed (delisted) against the previous publication.' })
  removed!: number;

  @Field(() => Int, { description: 'Parties whose entry changed against the previous publication.' })
  changed!: number;
}

@ObjectType({ description: 'A file of a publication.' })
export class PublicationFile {
  @Field({ description: 'Its role: sdn, add, alt or comments.' })
  role!: string;

  @Field({ description: 'The file name as imported.' })
  name!: string;

  @Field({ description: 'SHA-256 of its bytes, hexadecimal.' })
  sha256!: string;
}
