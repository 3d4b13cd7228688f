import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Profile } from '../profiles/profile.model';

/** Customer is owned by crm; analytics contributes the unified profile. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id: string;

  @Field(() => Profile)
  profile?: Profile;
}
