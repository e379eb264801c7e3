import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Chain } from '../../../common/chain';
import { PageInfo } from '../../../common/pagination';
import { DateTimeScalar, IsoInstant } from '../../../common/scalars';
import type { TransferPageKey } from '../loaders/transfer-page.loader';
import { Address } from './address.type';

// simpleResolvers: every field is a plain property, read by graphql-js's default resolver
// rather than through type-graphql's per-field resolver (an export resolves ten per row).
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A movement of an asset from one address to another on one chain.', simpleResolvers: true })
export class Transfer {
  @Field(() => ID, { description: 'Stable id of the transfer.' })
  id!: string;

  @Field(() => Chain, { description: 'The chain the transfer happened on.' })
  chain!: Chain;

  @Field(() => String, { nullable: true, description: 'Hash of the transaction that carried the transfer, as the chain writes it.' })
  txHash!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Position of the transfer within its transaction (log index of a token transfer, output index on UTXO chains).',
  })
  logIndex!: number | null;

  @Field(() => DateTimeScalar, { description: 'Time of the block that included the transfer.' })
  timestamp!: Date | IsoInstant;

  @Field(() => Address, { description: 'The sending address.' })
  from!: Address;

  @Field(() => Address, { description: 'The receiving address.' })
  to!: Address;

  @Field({ description: 'The asset moved, by its code (ETH, BTC, USDT, ...).' })
  asset!: string;

  @Field(() => String, { description: 'The amount in units of the asset, as an exact decimal string with the scale it was recorded with (e.g. "1.50000000"); never a float.' })
  amount!: string;

  @Field(() => String, { nullable: true, description: 'The value in US dollars at the time of the transfer, when known.' })
  amountUsd!: string | null;
}

@ObjectType({ description: 'An edge of a transfer connection.', simpleResolvers: true })
export class TransferEdge {
  /** Computes the cursor: only when a client asks for it (an export reads `pageInfo.endCursor` only). Not a GraphQL field. */
  cursorOf!: () => string;

  @Field(() => String, { description: 'Opaque cursor of this edge; pass it as `after`.' })
  get cursor(): string {
    return this.cursorOf();
  }

  @Field(() => Transfer, { description: 'The transfer.' })
  node!: Transfer;
}

/**
 * A page of transfers. Its fields are resolved lazily from `key` (through per-request
 * DataLoaders), so a client asking only `totalCount` costs no page query and vice versa.
 */
@ObjectType({ description: 'A page of transfers, newest first (by block time, then id).' })
export class TransferConnection {
  @Field(() => [TransferEdge], { description: 'The transfers of this page, newest first.' })
  edges!: TransferEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many transfers involve the address(es) in all, under the same filters; a transfer between two of them counts once.' })
  totalCount!: number;

  /** What to load: the address set, page size and position. Not a GraphQL field. */
  key!: TransferPageKey;
}
