import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '@platform/graphql';
import { ChurnRisk } from '../people/computed-traits';
import { PersonProfile } from '../people/person-profile.model';

@ObjectType('CustomerProfile', {
  description: 'The unified customer profile kept by the CDP: its people rolled up with what crm, finance and inventory reported.',
})
export class Profile {
  @Field(() => ID)
  id: string;

  @Field({ description: 'When the CDP first saw this customer.' })
  firstSeenAt: Date;

  /** The customer the profile is of: what the rolled-up fields are looked up by. */
  customerId: string;

  @Field(() => Date, { nullable: true, description: "The latest of its people's last activity and the latest event about the customer." })
  lastSeenAt?: Date | null;

  @Field(() => [PersonProfile], { description: 'The people of the customer (its crm contacts as resolved by the identity graph), oldest first, up to 100.' })
  people?: PersonProfile[];

  @Field(() => Int)
  wonDeals?: number;

  @Field(() => Int)
  lostDeals?: number;

  @Field(() => [Money], { description: 'Won deal amounts, one per currency.' })
  wonRevenue?: Money[];

  @Field(() => Int)
  openTickets?: number;

  @Field(() => Int)
  resolvedTickets?: number;

  @Field(() => [Money], { description: 'Lifetime revenue: invoices posted, one per currency.' })
  invoiced?: Money[];

  @Field(() => [Money], { description: 'What was paid, one per currency.' })
  paid?: Money[];

  @Field(() => Int, { description: 'Sales orders shipped.' })
  orders?: number;

  @Field(() => Date, { nullable: true })
  lastOrderAt?: Date | null;

  @Field(() => [Money], { description: 'Invoiced minus paid, one per currency with something open.' })
  openBalance?: Money[];

  @Field(() => Int, { description: 'Posted invoices past their due date and not paid.' })
  overdueInvoices?: number;

  @Field(() => ChurnRisk, { description: 'Computed from the days since lastSeenAt (never seen: HIGH).' })
  churnRisk?: ChurnRisk;
}
