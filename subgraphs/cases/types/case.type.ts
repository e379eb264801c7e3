import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../common/pagination';
import { DateTimeScalar } from '../../../common/scalars';
import { CaseStatus, TimelineEventKind } from './enums';

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
