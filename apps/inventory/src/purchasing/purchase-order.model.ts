import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

export enum PurchaseOrderStatus {
  DRAFT = 'draft',
  ORDERED = 'ordered',
  PARTIALLY_RECEIVED = 'partially_received',
  RECEIVED = 'received',
  CANCELLED = 'cancelled',
}
registerEnumType(PurchaseOrderStatus, { name: 'PurchaseOrderStatus', description: 'DRAFT → ORDERED → PARTIALLY_RECEIVED → RECEIVED.' });

@ObjectType({ description: 'Someone inventory buys from.' })
export class Supplier {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class SupplierConnection extends Connection(Supplier) {}

@ObjectType({ description: 'A product line of a purchase order.' })
export class PurchaseOrderLine {
  @Field(() => ID)
  id: string;

  purchaseOrderId: string;

  @Field(() => ID)
  productId: string;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  received: number;

  @Field(() => Money, { description: 'Purchase price per unit.' })
  unitCost: Money;
}

@ObjectType({ description: 'An order to a supplier; receiving it adds stock at its prices.' })
export class PurchaseOrder {
  @Field(() => ID)
  id: string;

  @Field()
  number: string;

  @Field(() => ID)
  supplierId: string;

  @Field(() => ID)
  warehouseId: string;

  @Field(() => PurchaseOrderStatus)
  status: PurchaseOrderStatus;

  @Field(() => ID, { nullable: true, description: 'The reorder rule that raised it, if one did.' })
  reorderRuleId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class PurchaseOrderConnection extends Connection(PurchaseOrder) {}

@ObjectType({
  description: 'Keeps a product stocked in a warehouse: when available falls under the minimum, a draft purchase order tops it up to the maximum.',
})
export class ReorderRule {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  productId: string;

  @Field(() => ID)
  warehouseId: string;

  @Field(() => ID)
  supplierId: string;

  @Field(() => Int)
  minimum: number;

  @Field(() => Int)
  maximum: number;
}
