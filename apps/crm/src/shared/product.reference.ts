import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** inventory's Product, only pointed at from crm's line items: the gateway asks inventory for its fields. */
@ObjectType('Product')
@Directive('@key(fields: "id", resolvable: false)')
export class ProductReference {
  @Field(() => ID)
  id: string;
}

/** The reference a line item's productId makes. */
export const productOf = (line: { productId: string }): ProductReference & { __typename: 'Product' } => ({ __typename: 'Product', id: line.productId });
