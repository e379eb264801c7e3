import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../common/pagination';
import { DateScalar, DateTimeScalar } from '../../../common/scalars';
import { Address } from './address.type';
import { AccountStatus } from './enums';
import { SanctionedEntity } from './sanctioned-entity.type';

@ObjectType({ description: 'An identity document the holder presented when the account was opened.' })
export class HolderDocument {
  @Field({ description: 'Document type, e.g. Passport or National ID.' })
  type!: string;

  @Field({ description: 'The document number.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Issuing country, when known.' })
  country!: string | null;
}

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
