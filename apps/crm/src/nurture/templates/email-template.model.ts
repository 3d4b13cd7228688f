import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({
  description: 'An email a nurture sequence sends: subject and plain-text body with {{firstName}}, {{lastName}}, {{email}} and {{company}} placeholders.',
})
export class EmailTemplate {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  subject: string;

  @Field()
  body: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class EmailTemplateConnection extends Connection(EmailTemplate) {}
