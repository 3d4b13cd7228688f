import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ReservationStatus {
  OPEN = 'open',
  CONSUMED = 'consumed',
  RELEASED = 'released',
  EXPIRED = 'expired',
}
registerEnumType(ReservationStatus, { name: 'ReservationStatus', description: 'OPEN holds stock; CONSUMED (shipped), RELEASED and EXPIRED are final.' });

@ObjectType({ description: 'Units of a product held in a warehouse, for an order line or as a hold that expires unless confirmed.' })
export class Reservation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  productId: string;

  @Field(() => ID)
  warehouseId: string;

  @Field(() => Int, { description: 'Units still held (what was held when it closed, for a released or expired one).' })
  quantity: number;

  @Field(() => ID, { nullable: true })
  orderLineId: string | null;

  @Field(() => ReservationStatus)
  status: ReservationStatus;

  @Field(() => Date, { nullable: true, description: 'When an unconfirmed hold is released by itself; null once confirmed.' })
  expiresAt: Date | null;

  @Field()
  createdAt: Date;
}
