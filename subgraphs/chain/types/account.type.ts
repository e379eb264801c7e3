import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Address } from './address.type';

/**
 * An exchange account (owned by the accounts subgraph). This subgraph only adds its transfers,
 * from the deposit addresses the gateway fetches from accounts (`@requires`): the chain subgraph
 * knows nothing of how accounts are stored.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An account at a cryptocurrency exchange or custodian.' })
export class Account {
  @Field(() => ID, { description: 'Account id, as the exchange issued it.' })
  id!: string;

  @Directive('@external')
  @Field(() => [Address], { description: 'Deposit addresses the exchange assigned to the account (resolved by the accounts subgraph).' })
  depositAddresses!: Address[];
}
