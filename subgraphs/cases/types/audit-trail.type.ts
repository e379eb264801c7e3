import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The audit trail of any subject (a federation entity keyed by the subject's id, shared with the
 * accounts subgraph): each subgraph keeps its own hash chain and contributes the trail from it.
 */
@Directive('@key(fields: "subjectId")')
// Same description as in the accounts subgraph: composition otherwise hints INCONSISTENT_DESCRIPTION.
@ObjectType({ description: 'The audit trail of one subject (an account, a case or a party id), from the chain of each subgraph that keeps one.' })
export class AuditTrail {
  @Field(() => ID, { description: 'The subject: an account id, a case id or a sanctioned party id.' })
  subjectId!: string;
}
