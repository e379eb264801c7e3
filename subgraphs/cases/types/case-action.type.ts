import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { DateTimeScalar} from '../../../common/scalars';
import type { ActionKind } from './enums';
import { Account } from './references.type';

const ACTION_TYPES: Record<ActionKind, string> = { FREEZE: 'Freeze', SEIZURE: 'Seizure' };

@InterfaceType({
  description: 'A measure recorded on a case: a freeze of an account or a seizure of funds.',
  resolveType: (value: CaseAction) => ACTION_TYPES[value.kind],
})
export abstract class CaseAction {
  @Field(() => ID, { description: 'The action id.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the action took effect, as recorded.' })
  recordedAt!: Date;

  @Field({ description: 'Who recorded it.' })
  recordedBy!: string;

  @Field(() => String, { nullable: true, description: 'Free-text note of the person who recorded it.' })
  note!: string | null;

  /** Picks the GraphQL type; not a field. */
  kind!: ActionKind;
}

@ObjectType({ implements: CaseAction, description: 'An account frozen (blocked) under the case.' })
export class Freeze extends CaseAction {
  @Field(() => Account, { description: 'The frozen account.' })
  account!: Account;

  @Field({ description: 'The legal basis of the freeze (designation, regulation, order).' })
  legalReference!: string;
}

@ObjectType({ implements: CaseAction, description: 'Funds seized by an authority under the case.' })
export class Seizure extends CaseAction {
  @Field(() => String, { description: 'The amount seized, in units of `asset` (a decimal string such as "4400000.00").' })
  amount!: string;

  @Field({ description: 'The asset seized (e.g. USDT, BTC, ETH).' })
  asset!: string;

  @Field(() => String, { nullable: true, description: 'The value in US dollars at the time of the seizure, when known.' })
  amountUsd!: string | null;

  @Field(() => String, { nullable: true, description: 'The on-chain transaction that moved the funds, when there was one.' })
  txHash!: string | null;

  @Field({ description: 'The authority that seized the funds (and its warrant or order).' })
  authority!: string;
}
