import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Chain } from '../../../common/chain';
import { CaseStatus, LegalProcessKind } from './enums';

/*
 * The mutations' inputs. Fields are checked by the workflow service (service/), which names the
 * offending one in InputError (`input.subjects[2].address.address`); GraphQL only checks types.
 */

@InputType({ description: 'An address on a chain, as a case subject.' })
export class CaseAddressInput {
  @Field(() => Chain, { description: 'The chain.' })
  chain!: Chain;

  @Field({ description: 'The address, in any case for Ethereum-like chains (a mixed-case one must be EIP-55 valid), exact otherwise.' })
  address!: string;
}

@InputType({ description: 'A subject of a case: give exactly one of entityId, accountId and address.' })
export class CaseSubjectInput {
  @Field(() => ID, { nullable: true, description: 'A sanctioned party: ofac-sdn:<ent_num> or ofac-cons:<ent_num>.' })
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An account id (of the accounts subgraph).' })
  accountId?: string | null;

  @Field(() => CaseAddressInput, { nullable: true, description: 'An on-chain address.' })
  address?: CaseAddressInput | null;
}

@InputType({ description: 'What a new case is about.' })
export class OpenCaseInput {
  @Field({ description: 'A short title (1 to 200 characters).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the case is about (up to 10000 characters).' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Who is responsible for it (up to 200 characters).' })
  assignee?: string | null;

  @Field(() => [CaseSubjectInput], { nullable: true, description: 'Its first subjects (up to 500), each at most once.' })
  subjects?: CaseSubjectInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'A key you choose (8 to 128 characters, a UUID will do): a retry with the same key and input records nothing twice and answers the same case; the same key with another input is a CONFLICT.',
  })
  idempotencyKey?: string | null;
}

/**
 * What every change to an existing case carries: the case, the version it was read at, and an
 * idempotency key. Each mutation's input extends it.
 */
// type-graphql copies a decorated parent's fields into each input that extends it; the parent
// itself is not in the schema, since no field takes it.
@InputType({ description: 'The fields every change to an existing case carries.' })
export abstract class CaseChangeInput {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the case is still at this version.' })
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'A key you choose (8 to 128 characters, a UUID will do): a retry with the same key and input records nothing twice and answers the same case; the same key with another input is a CONFLICT.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A subject to add to a case.' })
export class AddCaseSubjectInput extends CaseChangeInput {
  @Field(() => CaseSubjectInput, { description: 'The subject; it must not be one already.' })
  subject!: CaseSubjectInput;
}

@InputType({ description: 'A freeze of an account to record on a case.' })
export class RecordFreezeInput extends CaseChangeInput {
  @Field(() => ID, { description: 'The frozen account; it becomes a subject of the case if it is not one yet.' })
  accountId!: string;

  @Field({ description: 'The legal basis of the freeze (1 to 500 characters).' })
  legalReference!: string;

  @Field(() => String, { nullable: true, description: 'A note (up to 2000 characters).' })
  note?: string | null;
}

@InputType({ description: 'A seizure of funds to record on a case.' })
export class RecordSeizureInput extends CaseChangeInput {
  @Field(() => String, { description: 'The amount seized, greater than zero, in units of `asset`.' })
  amount!: string;

  @Field({ description: 'The asset seized (e.g. USDT, BTC), 1 to 20 letters, digits, dots or dashes.' })
  asset!: string;

  @Field(() => String, { nullable: true, description: 'The value in US dollars, zero or more, when known.' })
  amountUsd?: string | null;

  @Field(() => String, { nullable: true, description: 'The on-chain transaction that moved the funds, when there was one.' })
  txHash?: string | null;

  @Field({ description: 'The authority that seized the funds (1 to 500 characters).' })
  authority!: string;

  @Field(() => String, { nullable: true, description: 'A note (up to 2000 characters).' })
  note?: string | null;
}

@InputType({ description: 'A move of a case to another status.' })
export class ChangeCaseStatusInput extends CaseChangeInput {
  @Field(() => CaseStatus, { description: 'The new status; it must be a legal next step (see CaseStatus).' })
  status!: CaseStatus;

  @Field(() => String, { nullable: true, description: 'Why (up to 2000 characters); shown in the timeline.' })
  note?: string | null;
}

@InputType({ description: 'A warrant, subpoena or order to record on a case.' })
export class RecordLegalProcessInput extends CaseChangeInput {
  @Field(() => LegalProcessKind, { description: 'What kind of legal process.' })
  kind!: LegalProcessKind;

  @Field({ description: "The authority's reference, docket or order number (1 to 500 characters)." })
  reference!: string;

  @Field({ description: 'The court, agency or regulator that issued it (1 to 500 characters).' })
  authority!: string;

  @Field({ description: 'When it was issued, YYYY-MM-DD.' })
  issuedOn!: string;

  @Field(() => String, { nullable: true, description: 'When it expires, YYYY-MM-DD, not before issuedOn.' })
  expiresOn?: string | null;

  @Field(() => String, { nullable: true, description: 'A note (up to 2000 characters).' })
  note?: string | null;
}

@InputType({ description: 'A note to add to a case (closed cases take notes too).' })
export class AddCaseNoteInput extends CaseChangeInput {
  @Field({ description: 'The note (1 to 10000 characters).' })
  text!: string;
}

@InputType({ description: 'A new assignee for a case that is not closed.' })
export class AssignCaseInput extends CaseChangeInput {
  @Field(() => String, { nullable: true, description: 'Who is responsible from now on (up to 200 characters); null unassigns.' })
  assignee?: string | null;
}

@ArgsType()
export class CasesArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 500; default 20.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts (an endCursor or edge cursor).' })
  after?: string | null;

  @Field(() => CaseStatus, { nullable: true, description: 'Only cases in this status.' })
  status?: CaseStatus | null;
}
