import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';

/** Which side of a transfer an address is on. */
export enum TransferDirection {
  IN = 'IN',
  OUT = 'OUT',
  ANY = 'ANY',
}

registerEnumType(TransferDirection, {
  name: 'TransferDirection',
  description: 'Which side of a transfer the address (or account) is on.',
  valuesConfig: {
    IN: { description: 'Received: the address is the recipient. In exposure: follow where funds came from (sources, upstream).' },
    OUT: { description: 'Sent: the address is the sender. In exposure: follow where funds went (destinations, downstream).' },
    ANY: { description: 'Either side. In exposure: both searches, upstream and downstream.' },
  },
});

/** Arguments of `Address.transfers` and `Account.transfers`: page and filters. */
@ArgsType()
export class TransfersArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts (an endCursor of an earlier page, with the same filters).' })
  after?: string | null;

  @Field(() => TransferDirection, { nullable: true, defaultValue: TransferDirection.ANY, description: 'Only transfers received (IN), sent (OUT), or both (ANY, the default).' })
  direction?: TransferDirection | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only transfers at or after this time (inclusive).' })
  since?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only transfers before this time (exclusive).' })
  until?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only transfers of this asset, by its code (ETH, USDT, ...; case-insensitive).' })
  asset?: string | null;

  @Field(() => String, { nullable: true, description: 'Only transfers of at least this amount (inclusive), an exact decimal string such as "1.5".' })
  minAmount?: string | null;
}
