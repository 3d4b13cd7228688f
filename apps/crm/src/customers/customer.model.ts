import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({ description: 'An account the business sells to: an organisation or an individual.' })
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class CustomerConnection extends Connection(Customer) {}
