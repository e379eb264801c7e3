import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../common/pagination';
import { DateScalar, DateTimeScalar } from '../../../common/scalars';
import { Address } from './address.type';
import { AccountLinkStatus, AccountStatus } from './enums';
import { SanctionedEntity } from './sanctioned-entity.type';

@Directive('@requiresScopes(scopes: [["read:pii"]])')
@ObjectType({ description: 'An identity document the holder presented when the account was opened.' })
export class HolderDocument {
  @Field({ description: 'Document type, e.g. Passport or National ID.' })
  type!: string;

  @Field({ description: 'The document number.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Issuing country, when known.' })
  country!: string | null;
}

@Directive('@requiresScopes(scopes: [["read:pii"]])')
@ObjectType({ description: 'The person or company holding an account, as the exchange identified it (personal data).' })
export class AccountHolder {
  @Field({ description: 'Full name as the exchange recorded it.' })
  name!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date of birth, for natural persons.' })
  dateOfBirth!: string | null;

  @Field(() => String, { nullable: true, description: 'Nationality as the exchange recorded it.' })
  nationality!: string | null;

  @Field(() => [HolderDocument], { description: 'Identity documents presented at onboarding.' })
  documents!: HolderDocument[];

  @Field(() => Int, { description: 'Know-your-customer verification level reached: 0 (none) to 3 (enhanced due diligence).' })
  kycLevel!: number;

  /** The account the holder belongs to, carried to the `documents` resolver; not a field itself. */
  accountId!: string;
}

@ObjectType({ description: 'What an account holds of one asset.' })
export class Balance {
  @Field({ description: 'Asset code, e.g. BTC, ETH or USDT.' })
  asset!: string;

  @Field(() => String, { description: 'Amount in the units of the asset, as an exact decimal string.' })
  amount!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An account at a cryptocurrency exchange or custodian.' })
export class Account {
  @Field(() => ID, { description: 'Account id, as the exchange issued it.' })
  id!: string;

  @Field({ description: 'The exchange or custodian that keeps the account.' })
  exchange!: string;

  @Field(() => AccountStatus, { description: 'Active, frozen or closed.' })
  status!: AccountStatus;

  @Field(() => DateTimeScalar, { description: 'When the account was opened.' })
  openedAt!: Date;

  @Field(() => AccountHolder, { nullable: true, description: 'Who holds the account (personal data); null when the exchange gave no holder.' })
  holder!: AccountHolder | null;

  @Field(() => [Balance], { description: 'Current balances, one per asset, ordered by asset code.' })
  balances!: Balance[];

  @Field(() => [Address], { description: 'Deposit addresses the exchange assigned to the account.' })
  depositAddresses!: Address[];

  @Field(() => [SanctionedEntity], { description: 'Sanctioned parties the account is confirmed to be linked to.' })
  linkedEntities!: SanctionedEntity[];

  @Field(() => Int, {
    description: 'Grows by one with every status change (1 at first). Pass it as `expectedVersion` to refuse changes made since you read it.',
  })
  version!: number;
}

@ObjectType({ description: 'A change of an account\'s status, with its legal basis.' })
export class AccountStatusChange {
  @Field(() => AccountStatus, { description: 'The status before.' })
  from!: AccountStatus;

  @Field(() => AccountStatus, { description: 'The status after.' })
  to!: AccountStatus;

  @Field(() => ID, { description: 'The case (of the cases subgraph) the change was made under.' })
  caseId!: string;

  @Field(() => String, { nullable: true, description: 'The warrant, order or designation the change rests on (always given for a freeze).' })
  legalProcessReference!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in the words of who made the change.' })
  reason!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the change took effect.' })
  at!: Date;

  @Field({ description: 'Who made it (the principal the gateway named; "anonymous" without one).' })
  by!: string;

  @Field(() => Int, { description: 'The account\'s version after the change.' })
  version!: number;
}

@ObjectType({ description: 'A decision on whether an account belongs to a sanctioned party: proposed by screening, confirmed or dismissed by an analyst.' })
export class AccountLink {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => SanctionedEntity, { description: 'The sanctioned party.' })
  entity!: SanctionedEntity;

  @Field(() => AccountLinkStatus, { description: 'Candidate, confirmed or dismissed.' })
  status!: AccountLinkStatus;

  @Field(() => Float, { nullable: true, description: 'The screening score (0 to 100) that proposed the link; null for a link stated by hand.' })
  score!: number | null;

  @Field(() => String, { nullable: true, description: 'Who proposed or last decided it.' })
  decidedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was proposed or last decided.' })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was decided so.' })
  reason!: string | null;

  @Field(() => Int, { description: 'Grows by one with every decision (1 when proposed). Pass it as `expectedVersion`.' })
  version!: number;
}

@ObjectType({ description: 'An edge of an account connection.' })
export class AccountEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after`.' })
  cursor!: string;

  @Field(() => Account, { description: 'The account.' })
  node!: Account;
}

@ObjectType({ description: 'A page of accounts, ordered by id.' })
export class AccountConnection {
  @Field(() => [AccountEdge], { description: 'The accounts of this page.' })
  edges!: AccountEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many accounts match the filter in all.' })
  totalCount!: number;
}
