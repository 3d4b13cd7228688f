import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** A product, owned by inventory: finance only points at it by id. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Product {
  @Field(() => ID)
  id: string;
}
