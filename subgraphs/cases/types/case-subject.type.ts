import { Field, InterfaceType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../../common/scalars';
import type { SubjectKind } from './enums';
import { Account, Address, SanctionedEntity } from './references.type';

const SUBJECT_TYPES: Record<SubjectKind, string> = { PARTY: 'PartySubject', ACCOUNT: 'AccountSubject', ADDRESS: 'AddressSubject' };

@InterfaceType({
  description: 'Who or what a case is about: a sanctioned party, an account or an address.',
  resolveType: (value: CaseSubject) => SUBJECT_TYPES[value.kind],
})
export abstract class CaseSubject {
  @Field(() => DateTimeScalar, { description: 'When the subject was added to the case.' })
  addedAt!: Date;

  @Field({ description: 'Who added it (the caller the gateway named; "anonymous" without one).' })
  addedBy!: string;

  /** Picks the GraphQL type; not a field. */
  kind!: SubjectKind;
}

@ObjectType({ implements: CaseSubject, description: 'A sanctioned party the case is about.' })
export class PartySubject extends CaseSubject {
  @Field(() => SanctionedEntity, { description: 'The party.' })
  entity!: SanctionedEntity;
}

@ObjectType({ implements: CaseSubject, description: 'An account the case is about.' })
export class AccountSubject extends CaseSubject {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;
}

@ObjectType({ implements: CaseSubject, description: 'An on-chain address the case is about.' })
export class AddressSubject extends CaseSubject {
  @Field(() => Address, { description: 'The address.' })
  address!: Address;
}
