import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { MovementKind } from './stock.repository';

registerEnumType(MovementKind, { name: 'StockMovementKind' });

@ObjectType({ description: "A product's stock in one warehouse." })
export class StockLevel {
  @Field(() => ID)
  warehouseId: string;

  productId: string;

  @Field(() => Int)
  onHand: number;

  @Field(() => Int)
  reserved: number;

  @Field(() => Int, { description: 'On hand minus reserved: what can still be sold.' })
  available: number;

  averageCostMinor: string;
}

@ObjectType({ description: 'One immutable entry of the stock ledger.' })
export class StockMovement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  productId: string;

  @Field(() => ID)
  warehouseId: string;

  @Field(() => MovementKind)
  kind: MovementKind;

  @Field(() => Int, { description: 'Signed change of on hand.' })
  quantity: number;

  @Field(() => ID, { nullable: true, description: 'The order line shipped, or the transfer-out movement a transfer-in answers.' })
  referenceId: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class StockMovementConnection extends Connection(StockMovement) {}

@ObjectType({ description: 'Where the stock table, the ledger, open reservations and order lines disagree.' })
export class StockDiscrepancy {
  @Field(() => ID)
  productId: string;

  @Field(() => ID, { nullable: true })
  warehouseId: string | null;

  @Field()
  problem: string;

  @Field(() => Int)
  expected: number;

  @Field(() => Int)
  actual: number;
}

@ObjectType({ description: 'The result of checking every stock row against the ledger and the open reservations.' })
export class StockCheck {
  @Field({ description: 'True when nothing disagrees and no quantity is negative.' })
  consistent: boolean;

  @Field(() => Int)
  stockRows: number;

  @Field(() => [StockDiscrepancy])
  discrepancies: StockDiscrepancy[];

  @Field()
  checkedAt: Date;
}
