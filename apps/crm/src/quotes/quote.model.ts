import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

export enum QuoteStatus {
  DRAFT = 'draft',
  SENT = 'sent',
  ACCEPTED = 'accepted',
  REJECTED = 'rejected',
}
registerEnumType(QuoteStatus, { name: 'QuoteStatus', description: 'DRAFT → SENT → ACCEPTED or REJECTED; a draft can also be rejected.' });

export enum AvailabilityStatus {
  AVAILABLE = 'AVAILABLE',
  INSUFFICIENT = 'INSUFFICIENT',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(AvailabilityStatus, { name: 'AvailabilityStatus', description: 'UNKNOWN: inventory has not reported the product yet.' });

@ObjectType({ description: 'Stock for a quote line as inventory last reported it (inventory makes the final reservation).' })
export class LineAvailability {
  @Field(() => AvailabilityStatus)
  status: AvailabilityStatus;

  @Field(() => Int, { nullable: true, description: 'Sellable quantity; null when unknown.' })
  available: number | null;

  @Field(() => Date, { nullable: true, description: 'When inventory reported it; null when unknown.' })
  asOf: Date | null;
}

@ObjectType()
export class QuoteLine {
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

  @Field(() => Money)
  total: Money;
}

@ObjectType({ description: 'A priced offer for a deal, in the deal currency.' })
export class Quote {
  @Field(() => ID)
  id: string;

  dealId: string;

  @Field(() => QuoteStatus)
  status: QuoteStatus;

  @Field()
  currency: string;

  totalMinor: string;

  @Field(() => Money)
  total: Money;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  validUntil: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class QuoteConnection extends Connection(Quote) {}
