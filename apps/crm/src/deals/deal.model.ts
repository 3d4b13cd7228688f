import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

export enum DealStatus {
  OPEN = 'open',
  WON = 'won',
  LOST = 'lost',
}
registerEnumType(DealStatus, { name: 'DealStatus', description: 'OPEN while in a stage; WON and LOST are terminal.' });

@ObjectType({ description: 'A product sold on a deal.' })
export class DealLineItem {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  productId: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Int)
  quantity: number;

  @Field(() => Money)
  unitPrice: Money;

  @Field(() => Money, { description: 'quantity × unitPrice.' })
  total: Money;
}

@ObjectType({ description: 'One move of a deal: into a stage, or into won or lost.' })
export class DealStageChange {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'Null for the first stage a deal was created in.' })
  fromStageId: string | null;

  @Field(() => ID)
  toStageId: string;

  @Field(() => DealStatus, { nullable: true })
  fromStatus: DealStatus | null;

  @Field(() => DealStatus)
  toStatus: DealStatus;

  @Field(() => String, { nullable: true })
  changedBy: string | null;

  @Field()
  changedAt: Date;
}

@ObjectType({ description: 'A sales opportunity with a customer, moving through the stages of a pipeline.' })
export class Deal {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  customerId: string;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  pipelineId: string;

  stageId: string;

  @Field(() => String, { nullable: true })
  ownerId: string | null;

  amountMinor: string;

  currency: string;

  @Field(() => Money, { description: 'The sum of the line items when there are any.' })
  amount: Money;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  expectedCloseDate: string | null;

  @Field(() => DealStatus)
  status: DealStatus;

  @Field(() => String, { nullable: true })
  closeReason: string | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class DealConnection extends Connection(Deal) {}
