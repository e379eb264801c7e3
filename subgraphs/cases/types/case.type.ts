import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../common/pagination';
import { DateScalar, DateTimeScalar } from '../../../common/scalars';
import { CaseStatus, LegalProcessKind, TimelineEventKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An investigation: who or what it is about, the actions taken, and every change in a timeline.' })
export class Case {
  @Field(() => ID, { description: 'The case id (case-<uuid>; demo cases start with demo-case-).' })
  id!: string;

  @Field({ description: 'A short title.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the case is about, in prose.' })
  description!: string | null;

  @Field(() => CaseStatus, { description: 'Where the case stands in the workflow.' })
  status!: CaseStatus;

  @Field(() => String, { nullable: true, description: 'Who is responsible for the case.' })
  assignee!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the case was opened.' })
  openedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the case last changed.' })
  updatedAt!: Date;

  @Field(() => Int, {
    description: 'Grows by one with every change (1 when opened). Pass it as `expectedVersion` to a mutation to refuse changes made since you read it.',
  })
  version!: number;
}

@ObjectType({ description: 'One change in the life of a case.' })
export class TimelineEvent {
  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  at!: Date;

  @Field(() => TimelineEventKind, { description: 'What kind of change it was.' })
  kind!: TimelineEventKind;

  @Field({ description: 'A one-line description of the change.' })
  summary!: string;

  @Field({ description: 'Who made the change ("anonymous" without a caller; "demo-seed" for the demo data).' })
  actor!: string;
}

@ObjectType({ description: 'A warrant, subpoena or order recorded on a case.' })
export class LegalProcess {
  @Field(() => ID, { description: 'The record id (legal-<uuid>).' })
  id!: string;

  @Field(() => LegalProcessKind, { description: 'What kind of legal process it is.' })
  kind!: LegalProcessKind;

  @Field({ description: "The authority's reference (docket or order number)." })
  reference!: string;

  @Field({ description: 'The court, agency or regulator that issued it.' })
  authority!: string;

  @Field(() => DateScalar, { description: 'When it was issued.' })
  issuedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'When it expires, if it does.' })
  expiresOn!: string | null;

  @Field(() => String, { nullable: true, description: 'A note of who recorded it.' })
  note!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  recordedAt!: Date;

  @Field({ description: 'Who recorded it.' })
  recordedBy!: string;
}

@Directive('@requiresScopes(scopes: [["read:notes"]])')
@ObjectType({ description: 'A note on a case.' })
export class CaseNote {
  @Field({ description: 'The text.' })
  text!: string;

  @Field(() => DateTimeScalar, { description: 'When it was written.' })
  writtenAt!: Date;

  @Field({ description: 'Who wrote it.' })
  writtenBy!: string;
}

@ObjectType({ description: 'An edge of a case connection.' })
export class CaseEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after`.' })
  cursor!: string;

  @Field(() => Case, { description: 'The case.' })
  node!: Case;
}

@ObjectType({ description: 'A page of cases, newest (latest opened) first.' })
export class CaseConnection {
  @Field(() => [CaseEdge], { description: 'The cases of this page.' })
  edges!: CaseEdge[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many cases match the filter in all.' })
  totalCount!: number;
}
