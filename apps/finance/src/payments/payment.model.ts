import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';

@ObjectType({ description: 'Part of a payment settling an invoice.' })
export class PaymentAllocation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  paymentId: string;

  @Field(() => ID)
  invoiceId: string;

  @Field(() => Money)
  amount: Money;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'Money received from a customer: allocated to invoices, the rest kept as customer credit.' })
export class Payment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  customerId: string;

  @Field(() => String, { nullable: true, description: 'As the customer gave it; an invoice number here is matched first.' })
  reference: string | null;

  @Field(() => Money)
  amount: Money;

  @Field(() => Money, { description: 'Not allocated yet: customer credit.' })
  unapplied: Money;

  @Field()
  receivedOn: string;

  @Field()
  exchangeRate: string;

  @Field(() => ID)
  entryId: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class PaymentConnection extends Connection(Payment) {}
