import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { AccountStatus } from './enums';

@InputType({ description: 'Filters for accounts; all given filters must hold.' })
export class AccountFilter {
  @Field(() => String, { nullable: true, description: 'Only accounts at this exchange (exact name).' })
  exchange?: string | null;

  @Field(() => AccountStatus, { nullable: true, description: 'Only accounts in this state.' })
  status?: AccountStatus | null;
}

@InputType({ description: 'A change of an account\'s status (freeze, unfreeze or close) and its legal basis.' })
export class ChangeAccountStatusInput {
  @Field(() => ID, { description: 'The account.' })
  accountId!: string;

  @Field(() => ID, { description: 'The case (an id of the cases subgraph, case-<uuid>) the change is made under; recorded, checked for form.' })
  caseId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The warrant, order or designation the change rests on (1 to 500 characters); required to freeze.',
  })
  legalProcessReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Why (up to 2000 characters).' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the account is still at this version.' })
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'A key you choose (8 to 128 characters, a UUID will do): a retry with the same key and input changes nothing and answers the same account; the same key with another input is a CONFLICT.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A screening hit to record as a candidate link between an account and a sanctioned party.' })
export class ProposeAccountLinkInput {
  @Field(() => ID, { description: 'The account.' })
  accountId!: string;

  @Field(() => ID, { description: 'The party: ofac-sdn:<ent_num> or ofac-cons:<ent_num>.' })
  partyId!: string;

  @Field(() => Float, { description: 'The screening score, 0 to 100.' })
  score!: number;

  @Field(() => String, { nullable: true, description: 'What matched (up to 2000 characters).' })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'A key you choose (8 to 128 characters): a retry with the same key and input changes nothing.' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'An analyst\'s decision on a link between an account and a sanctioned party.' })
export class DecideAccountLinkInput {
  @Field(() => ID, { description: 'The account.' })
  accountId!: string;

  @Field(() => ID, { description: 'The party: ofac-sdn:<ent_num> or ofac-cons:<ent_num>.' })
  partyId!: string;

  @Field({ description: 'Why (1 to 2000 characters): kept with the decision.' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the link is still at this version.' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'A key you choose (8 to 128 characters): a retry with the same key and input changes nothing.' })
  idempotencyKey?: string | null;
}
