import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({ description: 'A content model that entries follow, e.g. "article".' })
export class ContentType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable identifier used by API clients, e.g. "blogPost".' })
  apiId: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ContentTypeConnection extends Connection(ContentType) {}
