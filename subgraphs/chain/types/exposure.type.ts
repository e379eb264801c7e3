import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';
import { Address } from './address.type';
import { SanctionedEntity } from './sanctioned-entity.type';
import { TransferDirection } from './transfers.args';

@ObjectType({ description: 'An amount of one asset, as an exact decimal string (never a float).' })
export class AssetAmount {
  @Field({ description: 'The asset code (ETH, BTC, USDT, ...).' })
  asset!: string;

  @Field({ description: 'The amount in units of the asset, an exact decimal string such as "8565.737089130746".' })
  amount!: string;
}

@ObjectType({ description: 'Funds that moved from one address to another (every transfer between them that passed the filters, summed).' })
export class ExposureStep {
  @Field(() => Address, { description: 'The address the funds left.' })
  from!: Address;

  @Field(() => Address, { description: 'The address the funds reached.' })
  to!: Address;

  @Field(() => [AssetAmount], { description: 'The sums per asset, by asset code.' })
  amounts!: AssetAmount[];

  @Field(() => Int, { description: 'How many transfers the sums cover.' })
  transfers!: number;
}

@ObjectType({ description: 'One way the search reached a listed address: the addresses in the order the search went, and the funds between them.' })
export class ExposurePath {
  @Field(() => TransferDirection, { description: 'IN: funds came from the listed address towards the start; OUT: funds went from the start towards it.' })
  direction!: TransferDirection;

  @Field(() => Int, { description: 'How many steps the path has (0 when the start is itself listed).' })
  hops!: number;

  @Field(() => [Address], {
    description: 'From the start (first) to the listed address (last). Each is an Address, which the graph links to its account, the parties listing it and its cases.',
  })
  addresses!: Address[];

  @Field(() => [ExposureStep], { description: 'The funds between consecutive addresses, in the order of `addresses`; each step in the direction the funds moved.' })
  steps!: ExposureStep[];
}

@ObjectType({ description: 'What reached listed addresses at one distance, on one side of the search.' })
export class ExposureHop {
  @Field(() => TransferDirection, { description: 'IN: funds received from that far upstream; OUT: funds sent that far downstream.' })
  direction!: TransferDirection;

  @Field(() => Int, { description: 'The distance in transfers: 1 is direct exposure, more is indirect.' })
  hops!: number;

  @Field(() => [AssetAmount], {
    description: 'Sums per asset of the transfers into (OUT) or out of (IN) the listed addresses from addresses one hop nearer: at hop 1, the transfers with the listed addresses themselves.',
  })
  amounts!: AssetAmount[];

  @Field(() => Int, { description: 'How many transfers the sums cover.' })
  transfers!: number;

  @Field(() => Int, { description: 'How many listed addresses were reached at this distance on this side.' })
  addresses!: number;
}

@ObjectType({ description: 'A sanctioned party reached from an address through transfers.' })
export class EntityExposure {
  @Field(() => SanctionedEntity, { description: 'The party that lists the address reached.' })
  entity!: SanctionedEntity;

  @Field(() => Int, {
    description: 'The fewest transfers between the address and one listed for the party: 0 when the address itself is listed, 1 when they transacted directly.',
  })
  hops!: number;

  @Field(() => Address, { description: "The party's listed address reached in that many hops (the first by chain and address when several are)." })
  nearestAddress!: Address;

  @Field(() => [AssetAmount], { description: 'Sums per asset at the fewest hops, both sides of the search together (see ExposureHop.amounts).' })
  amounts!: AssetAmount[];

  @Field(() => [ExposureHop], { description: "Every distance and side at which the party's listed addresses were reached, nearest first." })
  byHop!: ExposureHop[];

  @Field(() => [ExposurePath], { description: 'Up to three paths to the listed addresses, nearest first, each through the largest flows.' })
  paths!: ExposurePath[];
}

@ObjectType({ description: 'Direct and indirect exposure of an address (or an account) to sanctioned parties, following transfers.' })
export class Exposure {
  @Field(() => [EntityExposure], { description: 'Each sanctioned party reached, with the fewest hops to it; nearest first, then by party id.' })
  entities!: EntityExposure[];

  @Field(() => [ExposureHop], { description: 'Totals per distance and side over every listed address reached (each counted once), nearest first.' })
  byHop!: ExposureHop[];

  @Field({
    description:
      'True when a bound on the work was reached before the search finished (visited addresses, or the start\'s own transfers): parties further away may be missing and sums may be partial (the hops of those shown are exact: the search goes nearest first).',
  })
  truncated!: boolean;

  @Field(() => Int, { description: 'How many distinct addresses the search visited, the start(s) included.' })
  visitedAddresses!: number;

  @Field(() => Int, {
    description: "Hubs reached (addresses with more than 2,000 transfers, such as exchanges' hot wallets) that the search did not trace through: they pool their customers' funds.",
  })
  hubsNotExpanded!: number;
}

/** Arguments of `Address.exposure` and `Account.exposure`. */
@ArgsType()
export class ExposureArgs {
  @Field(() => Int, { nullable: true, defaultValue: 3, description: 'How many transfers away to look, 1 to 6; default 3.' })
  hops?: number | null;

  @Field(() => TransferDirection, {
    nullable: true,
    defaultValue: TransferDirection.ANY,
    description: 'IN: where the funds came from (upstream); OUT: where they went (downstream); ANY (default): both.',
  })
  direction?: TransferDirection | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only follow transfers at or after this time.' })
  since?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only follow transfers of at least this amount (any asset), an exact decimal string such as "0.1".' })
  minAmount?: string | null;
}
