import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The unified customer profile kept by the CDP.' })
export class Profile {
  @Field(() => ID)
  id: string;

  @Field({ description: 'When the CDP first saw this customer.' })
  firstSeenAt: Date;
}
