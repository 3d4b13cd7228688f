import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

@ObjectType({ description: 'Something inventory stocks and sells; crm deal and quote lines and finance invoice lines point at it.' })
@Directive('@key(fields: "id")')
export class Product {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Unique, compared without regard to case.' })
  sku: string;

  @Field()
  name: string;

  @Field({ description: 'e.g. "pcs", "kg", "box of 12".' })
  unitOfMeasure: string;

  @Field(() => Money)
  listPrice: Money;

  /** Read through ProductsResolver.standardCost, which needs stock.cost:read. */
  standardCost: Money;

  currency: string;

  @Field({ description: 'An archived product takes no new stock, reservations or orders.' })
  active: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ProductConnection extends Connection(Product) {}
