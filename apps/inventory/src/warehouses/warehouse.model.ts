import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

@ObjectType({ description: 'A place stock is kept; orders from won deals reserve in the default one.' })
export class Warehouse {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Unique without regard to case.' })
  code: string;

  @Field()
  name: string;

  @Field()
  isDefault: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class WarehouseConnection extends Connection(Warehouse) {}
