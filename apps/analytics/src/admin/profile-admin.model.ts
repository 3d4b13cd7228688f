import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class ErasureResult {
  @Field(() => ID)
  profileId: string;

  @Field(() => Int, { description: 'Identifiers erased and suppressed.' })
  identifiers: number;

  @Field(() => Int, { description: 'Tracked and domain events deleted.' })
  events: number;
}

@ObjectType()
export class RebuildResult {
  @Field(() => Int, { description: 'Stored events replayed.' })
  events: number;

  @Field(() => Int, { description: 'Person profiles after the rebuild.' })
  profiles: number;
}
