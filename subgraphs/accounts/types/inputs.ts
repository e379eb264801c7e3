import { Field, InputType } from 'type-graphql';
import { AccountStatus } from './enums';

@InputType({ description: 'Filters for accounts; all given filters must hold.' })
export class AccountFilter {
  @Field(() => String, { nullable: true, description: 'Only accounts at this exchange (exact name).' })
  exchange?: string | null;

  @Field(() => AccountStatus, { nullable: true, description: 'Only accounts in this state.' })
  status?: AccountStatus | null;
}
