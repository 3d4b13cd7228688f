import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Where tracked events come from (a website, an app, a server); its write key authenticates the Tracking API.' })
export class TrackingSource {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it stopped being accepted.' })
  disabledAt: Date | null;
}

@ObjectType()
export class CreatedTrackingSource {
  @Field(() => TrackingSource)
  source: TrackingSource;

  @Field({ description: 'Shown once: only its hash is stored. Send it as the Basic user name (empty password) or as writeKey in the body.' })
  writeKey: string;
}
