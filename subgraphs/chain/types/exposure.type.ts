import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';
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

  @Directive('@listSize(assumedSize: 3, requireOneSlicingArgument: false)')
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

  @Directive('@listSize(assumedSize: 7, requireOneSlicingArgument: false)')
  @Field(() => [Address], {
    description: 'From the start (first) to the listed address (last). Each is an Address, which the graph links to its account, the parties listing it and its cases.',
  })
  addresses!: Address[];

  @Directive('@listSize(assumedSize: 6, requireOneSlicingArgument: false)')
  @Field(() => [ExposureStep], { description: 'The funds between consecutive addresses, in the order of `addresses`; each step in the direction the funds moved.' })
  steps!: ExposureStep[];
}

@ObjectType({ description: 'What reached listed addresses at one distance, on one side of the search.' })
export class ExposureHop {
  @Field(() => TransferDirection, { description: 'IN: funds received from that far upstream; OUT: funds sent that far downstream.' })
  direction!: TransferDirection;

  @Field(() => Int, { description: 'The distance in transfers: 1 is direct exposure, more is indirect.' })
  hops!: number;

  @Directive('@listSize(assumedSize: 3, requireOneSlicingArgument: false)')
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

  @Directive('@listSize(assumedSize: 3, requireOneSlicingArgument: false)')
  @Field(() => [AssetAmount], { description: 'Sums per asset at the fewest hops, both sides of the search together (see ExposureHop.amounts).' })
  amounts!: AssetAmount[];

  @Directive('@listSize(assumedSize: 12, requireOneSlicingArgument: false)')
  @Field(() => [ExposureHop], { description: "Every distance and side at which the party's listed addresses were reached, nearest first." })
  byHop!: ExposureHop[];

  @Directive('@listSize(assumedSize: 3, requireOneSlicingArgument: false)')
  @Field(() => [ExposurePath], { description: 'Up to three paths to the listed addresses, nearest first, each through the largest flows.' })
  paths!: ExposurePath[];
}

@ObjectType({
  description:
    'The bounds an exposure search ran under, and how much each one cut. The work of a search is bounded whatever the size of the data: when any count below is above zero (or visitedCapReached is true), the answer is partial and Exposure.truncated is true.',
})
export class ExposureLimits {
  @Field(() => Int, { description: 'The most distinct addresses one search visits.' })
  maxVisitedAddresses!: number;

  @Field(() => Int, { description: 'An address with more transfers than this is a hub: reached, but not traced through (Exposure.hubsNotExpanded).' })
  hubTransfers!: number;

  @Field(() => Int, {
    description:
      'Transfers read per direction, newest first, from a start that is itself a hub. A start that is not a hub is always read whole, so its direct (hop 1) exposure is exact.',
  })
  startTransfers!: number;

  @Field(() => Int, { description: 'Transfers read per address and direction beyond the start, newest first.' })
  neighbourTransfers!: number;

  @Field(() => Int, {
    description:
      'Transfers read by one search, all hops together: the hard bound on its work, whatever the size of the data. The starts may use all of it; each further hop gets an equal share of what is left.',
  })
  maxTransfersRead!: number;

  @Field(() => Int, { description: 'Transfers this search read (at most maxTransfersRead), before the minAmount filter.' })
  transfersRead!: number;

  @Field(() => Int, {
    description:
      'Starts (counted per direction) whose transfers were not all read: hubs with more than startTransfers, or a start cut where maxTransfersRead ran out (an account with many addresses). Even their direct exposure may be incomplete.',
  })
  startsCapped!: number;

  @Field(() => Int, {
    description:
      "Addresses beyond the start (counted per direction) whose transfers were not all read: more than neighbourTransfers, or cut where their hop's share of maxTransfersRead ran out. Only their newest were read, so older counterparties were not followed.",
  })
  neighboursCapped!: number;

  @Field(() => Int, {
    description:
      "Addresses (counted per direction) reached before the last hop, or starts, that were not traced through at all because their hop's share of maxTransfersRead ran out; listed addresses, then those reached by the largest flows, are traced first.",
  })
  addressesNotExpanded!: number;

  @Field({ description: 'True when maxVisitedAddresses was reached: the search stopped at that hop (listed addresses read at that hop are still counted).' })
  visitedCapReached!: boolean;
}

@ObjectType({ description: 'Direct and indirect exposure of an address (or an account) to sanctioned parties, following transfers.' })
export class Exposure {
  @Field(() => [EntityExposure], { description: 'Each sanctioned party reached, with the fewest hops to it; nearest first, then by party id.' })
  entities!: EntityExposure[];

  @Directive('@listSize(assumedSize: 12, requireOneSlicingArgument: false)')
  @Field(() => [ExposureHop], { description: 'Totals per distance and side over every listed address reached (each counted once), nearest first.' })
  byHop!: ExposureHop[];

  @Field({
    description:
      'True when a bound on the work cut the search (see limits: visited addresses, transfers read per address or per search): parties further away may be missing and sums may be partial (the hops of those shown are exact for the transfers read: the search goes nearest first).',
  })
  truncated!: boolean;

  @Field(() => ExposureLimits, { description: 'The bounds the search ran under and how much each one cut: what makes the answer partial when truncated is true.' })
  limits!: ExposureLimits;

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
