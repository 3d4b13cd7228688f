import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { ChurnRisk } from './computed-traits';

export enum IdentifierKind {
  USER_ID = 'user_id',
  EMAIL = 'email',
  CONTACT_ID = 'contact_id',
  LEAD_ID = 'lead_id',
  ANONYMOUS_ID = 'anonymous_id',
}
registerEnumType(IdentifierKind, { name: 'IdentifierKind', description: 'What an identifier of a person is, strongest first.' });

@ObjectType({ description: 'A trait of a person: the latest value any of their identifiers was given.' })
export class Trait {
  @Field()
  name: string;

  @Field({ description: 'The value as JSON text (a string, number, boolean, object or list).' })
  value: string;

  @Field({ description: 'When the value was stated (the event time, corrected for client clock skew).' })
  observedAt: Date;
}

@ObjectType({ description: 'One identifier the identity graph resolved to this person.' })
export class ProfileIdentity {
  @Field(() => IdentifierKind)
  kind: IdentifierKind;

  @Field()
  value: string;

  @Field()
  firstSeenAt: Date;

  @Field()
  lastSeenAt: Date;
}

registerEnumType(ChurnRisk, { name: 'ChurnRisk', description: 'From the days since last seen: under 30 LOW, 30 to 89 MEDIUM, 90 or more HIGH.' });

@ObjectType('ProfileContentActivity')
export class ContentActivityCounts {
  @Field(() => Int)
  pagesViewed: number;

  @Field(() => Int)
  contentDownloaded: number;

  @Field(() => Int)
  formsSubmitted: number;
}

@ObjectType('Profile', { description: 'One person as the CDP knows them: every identifier resolved to them, their traits, when they were seen.' })
export class PersonProfile {
  @Field(() => ID, { description: 'Follows from the strongest identifier: it changes when a stronger one (a userId, an email) joins.' })
  id: string;

  @Field(() => ID, { nullable: true, description: 'The crm customer of their crm contact.' })
  customerId: string | null;

  @Field()
  firstSeenAt: Date;

  @Field()
  lastSeenAt: Date;

  @Field(() => ContentActivityCounts, { description: 'Content seen and taken: tracked page and screen views, cms downloads and form submissions.' })
  content?: ContentActivityCounts;

  @Field(() => Int, { description: 'Computed: the share of the last 30 days with a tracked call, 0 to 100.' })
  engagementScore?: number;

  @Field(() => ChurnRisk, { description: 'Computed from the days since last seen.' })
  churnRisk?: ChurnRisk;
}

@ObjectType('ProfileConnection')
export class PersonProfileConnection extends Connection(PersonProfile, 'Profile') {}
