import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { PersonProfile } from '../people/person-profile.model';

@ObjectType('SegmentMember')
export class SegmentMember {
  @Field(() => ID)
  profileId: string;

  @Field(() => ID, { nullable: true })
  customerId: string | null;

  @Field()
  enteredAt: Date;

  @Field(() => PersonProfile, { nullable: true, description: "The member's profile (null in the moment between a merge and the next refresh)." })
  profile?: PersonProfile | null;
}

@ObjectType()
export class SegmentMemberConnection extends Connection(SegmentMember) {}

@ObjectType({ description: 'An audience: the person profiles matching a rule, kept up to date as events arrive and as time windows pass.' })
export class Segment {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The rule as JSON (see the rule language in the analytics segments README).' })
  rule: string;

  @Field()
  createdAt: Date;

  @Field(() => Int, { description: 'Members now.' })
  size?: number;

  @Field(() => SegmentMemberConnection, { description: 'Members, in the order they entered.' })
  members?: SegmentMemberConnection;
}

@ObjectType()
export class SegmentConnection extends Connection(Segment) {}
